/** The work queue on fake time: dedup, one worker per key, delays, backoff, priorities, shutdown. */
import { describe, expect, it } from '@jest/globals';
import {
  BucketRateLimiter,
  defaultControllerRateLimiter,
  ExponentialFailureRateLimiter,
  Priority,
  WorkQueue,
  type WorkQueueMetrics,
} from '@kubekit/manager';
import { flush, ManualClock } from '../support/manualClock.js';

function queue(clock = new ManualClock()) {
  return { clock, q: new WorkQueue({ clock, rateLimiter: defaultControllerRateLimiter({ clock, bucket: false }) }) };
}

describe('WorkQueue', () => {
  it('hands out a key added many times once', async () => {
    const { q } = queue();
    q.add('a');
    q.add('b');
    q.add('a');
    q.add('a');
    expect(q.length).toBe(2);
    expect(await q.get()).toBe('a');
    expect(await q.get()).toBe('b');
    expect(q.length).toBe(0);
  });

  it('never hands one key to two workers: a key added while in work is queued again on done', async () => {
    const { q } = queue();
    q.add('a');
    const first = await q.get();
    q.add('a'); // an event arrives while the first worker is busy
    q.add('a');
    expect(q.length).toBe(0);
    let second: string | undefined;
    void q.get().then((k) => {
      second = k;
    });
    await flush();
    expect(second).toBeUndefined(); // the second worker waits
    q.done(first as string);
    await flush();
    expect(second).toBe('a'); // processed once more afterwards, once
    q.done('a');
    expect(q.length).toBe(0);
  });

  it('adds a key after a delay, keeping the earlier of two delays', async () => {
    const { q, clock } = queue();
    q.addAfter('a', 1000);
    q.addAfter('a', 300);
    q.addAfter('a', 5000);
    expect(q.length).toBe(0);
    await clock.advance(299);
    expect(q.length).toBe(0);
    await clock.advance(1);
    expect(q.length).toBe(1);
    await clock.advance(10_000);
    expect(q.length).toBe(1); // the other delays were folded into the first
  });

  it('backs off per item 5 ms doubling up to 1000 s, and forget resets it', async () => {
    const { q, clock } = queue();
    const delays: number[] = [];
    for (let i = 0; i < 22; i++) {
      const before = clock.sleeps.length;
      q.addRateLimited('a');
      delays.push(clock.sleeps[before] as number);
      await clock.advance(delays[i] as number);
      expect(await q.get()).toBe('a');
      q.done('a');
    }
    expect(delays.slice(0, 5)).toEqual([5, 10, 20, 40, 80]);
    expect(delays[17]).toBe(5 * 2 ** 17);
    expect(delays.slice(18)).toEqual([1_000_000, 1_000_000, 1_000_000, 1_000_000]);
    expect(q.retries('a')).toBe(22);
    q.forget('a');
    expect(q.retries('a')).toBe(0);
    q.addRateLimited('a');
    expect(clock.sleeps.at(-1)).toBe(5);
    // another key has its own backoff
    q.addRateLimited('b');
    expect(clock.sleeps.at(-1)).toBe(5);
  });

  it('serves higher priorities first, without starving low ones', async () => {
    const clock = new ManualClock();
    const q = new WorkQueue({ clock, maxPriorityStreak: 3 });
    q.add('low-1', { priority: Priority.low });
    q.add('low-2', { priority: Priority.low });
    for (let i = 0; i < 6; i++) q.add(`high-${i}`);
    const order: string[] = [];
    for (let i = 0; i < 8; i++) {
      const k = (await q.get()) as string;
      order.push(k);
      q.done(k);
    }
    expect(order).toEqual(['high-0', 'high-1', 'high-2', 'low-1', 'high-3', 'high-4', 'high-5', 'low-2']);
  });

  it('raises the priority of a queued key added again with a higher one', async () => {
    const q = new WorkQueue({ clock: new ManualClock() });
    q.add('x', { priority: Priority.low });
    q.add('y');
    q.add('x');
    expect(await q.get()).toBe('y');
    // x is now normal too: it is next, and only once
    expect(await q.get()).toBe('x');
    expect(q.length).toBe(0);
  });

  it('on shutdown wakes waiting workers, drops queued and delayed keys, takes no new ones, and drains work in progress', async () => {
    const { q, clock } = queue();
    q.add('busy');
    const busy = (await q.get()) as string;
    q.add('queued');
    q.addAfter('later', 1000);
    const idle = new WorkQueue({ clock });
    const waiting = idle.get();
    idle.shutDown();
    expect(await waiting).toBeUndefined();

    q.shutDown();
    expect(q.length).toBe(0);
    expect(q.delayed).toBe(0);
    q.add('new');
    expect(q.length).toBe(0);
    expect(await q.get()).toBeUndefined();
    let drained = false;
    const draining = q.drain().then(() => {
      drained = true;
    });
    await flush();
    expect(drained).toBe(false); // 'busy' is still in work
    q.done(busy);
    await draining;
    expect(drained).toBe(true);
    await clock.advance(2000);
    expect(q.length).toBe(0);
  });

  it('a get aborted by its signal resolves undefined and takes nothing', async () => {
    const { q } = queue();
    const abort = new AbortController();
    const got = q.get(abort.signal);
    abort.abort();
    expect(await got).toBeUndefined();
    q.add('a');
    expect(q.length).toBe(1);
  });

  it('reports adds, depth, retries and durations', async () => {
    const clock = new ManualClock();
    const seen = { adds: 0, retries: 0, depth: [] as number[], queued: [] as number[], worked: [] as number[] };
    const metrics: WorkQueueMetrics = {
      add: () => seen.adds++,
      retry: () => seen.retries++,
      depth: (n) => seen.depth.push(n),
      queued: (s) => seen.queued.push(s),
      worked: (s) => seen.worked.push(s),
    };
    const q = new WorkQueue({ clock, metrics, rateLimiter: new ExponentialFailureRateLimiter() });
    q.add('a');
    q.add('a');
    await clock.advance(2000);
    const k = (await q.get()) as string;
    await clock.advance(500);
    q.done(k);
    q.addRateLimited('a');
    expect(seen.adds).toBe(2);
    expect(seen.retries).toBe(1);
    expect(seen.depth).toEqual([1, 0]);
    expect(seen.queued).toEqual([2]);
    expect(seen.worked).toEqual([0.5]);
  });
});

describe('rate limiters', () => {
  it('the bucket lets a burst through, then spaces retries at qps', () => {
    const clock = new ManualClock();
    const bucket = new BucketRateLimiter({ qps: 10, burst: 3, clock });
    expect([bucket.when(), bucket.when(), bucket.when()]).toEqual([0, 0, 0]);
    expect(bucket.when()).toBeCloseTo(100);
    expect(bucket.when()).toBeCloseTo(200);
  });

  it('the default limiter is the larger of per-item backoff and the bucket', () => {
    const clock = new ManualClock();
    const limiter = defaultControllerRateLimiter({ clock, bucket: { qps: 1, burst: 1 } });
    expect(limiter.when('a')).toBe(5); // bucket has a token; per-item says 5 ms
    expect(limiter.when('b')).toBeCloseTo(1000); // bucket is empty: wait for a token
  });
});
