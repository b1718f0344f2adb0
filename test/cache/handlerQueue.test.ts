import { describe, expect, it } from '@jest/globals';
import { HandlerQueue } from '../../packages/cache/src/informer/handlerQueue.js';

describe('HandlerQueue', () => {
  it('delivers in order, one at a time, including events pushed while it delivers', async () => {
    const seen: string[] = [];
    let running = 0;
    const queue = new HandlerQueue<string>(
      async (e) => {
        expect(++running).toBe(1);
        if (e === 'a') queue.push('c'); // pushed mid-delivery: after b, not before
        await new Promise((r) => setTimeout(r, 1));
        seen.push(e);
        running--;
      },
      () => undefined,
    );
    queue.push('a');
    queue.push('b');
    expect(queue.pending).toBe(2);
    await queue.idle();
    expect(seen).toEqual(['a', 'b', 'c']);
    expect(queue.pending).toBe(0);
  });

  it('reports a throwing or rejecting handler and goes on with the next event', async () => {
    const errors: [string, string][] = [];
    const seen: string[] = [];
    const queue = new HandlerQueue<string>(
      (e) => {
        if (e === 'sync') throw new Error('thrown');
        if (e === 'async') return Promise.reject(new Error('rejected'));
        seen.push(e);
      },
      (error, e) => errors.push([e, (error as Error).message]),
    );
    for (const e of ['sync', 'x', 'async', 'y']) queue.push(e);
    await queue.idle();
    expect(seen).toEqual(['x', 'y']);
    expect(errors).toEqual([
      ['sync', 'thrown'],
      ['async', 'rejected'],
    ]);
  });

  it('delivers a big batch (a relist of many objects) whole and in order', async () => {
    const n = 200_000;
    let count = 0;
    let ordered = true;
    const queue = new HandlerQueue<number>(
      (e) => {
        if (e !== count) ordered = false;
        count++;
      },
      () => undefined,
    );
    for (let i = 0; i < n; i++) queue.push(i);
    expect(queue.pending).toBe(n);
    await queue.idle();
    expect([count, ordered, queue.pending]).toEqual([n, true, 0]);
  });

  it('drops what is queued on close and delivers nothing more', async () => {
    const seen: string[] = [];
    const queue = new HandlerQueue<string>(
      (e) => {
        seen.push(e);
        if (e === 'a') queue.close();
      },
      () => undefined,
    );
    for (const e of ['a', 'b', 'c']) queue.push(e);
    await queue.idle();
    queue.push('d');
    await queue.idle();
    expect(seen).toEqual(['a']);
    expect(queue.pending).toBe(0);
  });
});
