import { describe, expect, it } from '@jest/globals';
import { Backoff } from '@kubekit/cache';
import { ManualClock } from '../support/manualClock.js';

describe('Backoff', () => {
  it('doubles from 800 ms up to 30 s', () => {
    const b = new Backoff(new ManualClock(), {}, () => 0);
    expect(Array.from({ length: 8 }, () => b.next())).toEqual([800, 1600, 3200, 6400, 12800, 25600, 30000, 30000]);
  });

  it('spreads each delay by the jitter', () => {
    const b = new Backoff(new ManualClock(), { jitter: 0.2 }, () => 1);
    expect([b.next(), b.next()]).toEqual([640, 1280]);
  });

  it('starts over after a healthy period, or on reset()', async () => {
    const clock = new ManualClock();
    const b = new Backoff(clock, { resetAfterMs: 60_000 }, () => 0);
    b.next();
    b.next();
    await clock.advance(59_999);
    expect(b.next()).toBe(3200);
    await clock.advance(60_000);
    expect(b.next()).toBe(800);
    b.next();
    b.reset();
    expect(b.next()).toBe(800);
  });
});
