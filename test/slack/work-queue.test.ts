import { describe, expect, it } from 'vitest';
import { PostAckQueue } from '../../src/adapters/slack/work-queue.js';

const nextIteration = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('PostAckQueue', () => {
  it('hands out turns first come, first served, a batch per event-loop iteration', async () => {
    const queue = new PostAckQueue({ batch: 2 });
    const order: string[] = [];
    const turns = ['a', 'b', 'c', 'd', 'e'].map((name) => queue.turn().then(() => order.push(name)));
    expect(queue.length).toBe(5);
    await turns[0];
    // The first batch ran; the rest waits for later iterations, after pending I/O.
    expect(order).toEqual(['a', 'b']);
    expect(queue.length).toBe(3);
    await Promise.all(turns);
    expect(order).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(queue.length).toBe(0);
  });

  it('stops deferring once the backlog is full, so overload cannot grow it without bound', async () => {
    const queue = new PostAckQueue({ batch: 1, maxWaiting: 2 });
    const order: string[] = [];
    const waiting = [queue.turn().then(() => order.push('a')), queue.turn().then(() => order.push('b'))];
    await queue.turn().then(() => order.push('now'));
    expect(order).toEqual(['now']);
    expect(queue.length).toBe(2);
    await Promise.all(waiting);
    await nextIteration();
    expect(order).toEqual(['now', 'a', 'b']);
  });
});
