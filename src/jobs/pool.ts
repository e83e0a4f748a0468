/**
 * A tiny p-limit: at most `limit` tasks run at once, the rest wait in FIFO
 * order. It bounds how many posts we hand to the platform libraries at a time;
 * their own rate-limit queues decide when each request actually goes out, so
 * nothing here sleeps.
 */
export class WorkPool {
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(readonly limit: number) {
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`pool limit must be a positive integer, got ${limit}`);
  }

  get busy(): number {
    return this.active;
  }

  get queued(): number {
    return this.waiting.length;
  }

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.active < this.limit) this.active++;
    // A finishing task hands its slot straight to the next waiter (active is
    // not decremented), so a newcomer can never slip in and exceed the limit.
    else await new Promise<void>((resolve) => this.waiting.push(resolve));
    try {
      return await task();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.active--;
    }
  }
}
