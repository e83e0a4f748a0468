/**
 * Slack needs the ack within 3 s; the reply may come later. Under a burst,
 * work that runs right after its own ack delays the acks of requests already
 * waiting on the socket. So post-ack work waits here for its turn, and turns
 * are handed out a few at a time per event-loop iteration: between two
 * batches, Node reads pending requests, verifies them and sends their acks.
 *
 * Deferring must not become an unbounded backlog when work arrives faster
 * than it can be done: past `maxWaiting`, turns are granted at once, so work
 * runs right after its ack again and naturally slows the intake.
 */
export interface PostAckQueueOptions {
  /** Turns granted per event-loop iteration (bounds the ack delay to a few replies' work). */
  batch?: number;
  /** Backlog beyond which work is no longer deferred. */
  maxWaiting?: number;
}

export class PostAckQueue {
  private readonly waiting: (() => void)[] = [];
  private scheduled = false;
  private readonly batch: number;
  private readonly maxWaiting: number;

  constructor(opts: PostAckQueueOptions = {}) {
    this.batch = opts.batch ?? 4;
    this.maxWaiting = opts.maxWaiting ?? 256;
  }

  /** Resolves when it is this caller's turn to do its post-ack work. */
  turn(): Promise<void> {
    if (this.waiting.length >= this.maxWaiting) return Promise.resolve();
    return new Promise((resolve) => {
      this.waiting.push(resolve);
      this.schedule();
    });
  }

  get length(): number {
    return this.waiting.length;
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    // setImmediate runs after the poll phase, i.e. after pending I/O was read.
    setImmediate(() => {
      this.scheduled = false;
      const granted = this.waiting.splice(0, this.batch);
      if (this.waiting.length > 0) this.schedule();
      // The woken listeners run their synchronous parts in this turn's microtasks.
      for (const resolve of granted) resolve();
    });
  }
}
