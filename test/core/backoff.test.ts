import { describe, expect, it } from '@jest/globals';
import { Backoff, backoffDelayMs, findReason } from '@kubekit/core';
import { ManualClock } from '../support/manualClock.js';

describe('Backoff', () => {
  it('doubles from 800 ms up to 30 s', () => {
    const b = new Backoff({ clock: new ManualClock(), random: () => 0 });
    expect(Array.from({ length: 8 }, () => b.next())).toEqual([800, 1600, 3200, 6400, 12800, 25600, 30000, 30000]);
  });

  it('spreads each delay by the jitter', () => {
    const b = new Backoff({ clock: new ManualClock(), jitter: 0.2, random: () => 1 });
    expect([b.next(), b.next()]).toEqual([640, 1280]);
  });

  it('starts over after a healthy period, or on reset()', async () => {
    const clock = new ManualClock();
    const b = new Backoff({ clock, resetAfterMs: 60_000, random: () => 0 });
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

  it('computes one delay without state, and refuses options out of range naming them', () => {
    expect([0, 1, 2, 3].map((a) => backoffDelayMs(a, { initialMs: 200, maxMs: 1000 }))).toEqual([200, 400, 800, 1000]);
    expect(backoffDelayMs(2, { initialMs: 5, factor: 3 })).toBe(45);
    const fieldOf = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return findReason(e, 'InvalidInput')?.field ?? `not InvalidInput: ${String(e)}`;
      }
      return 'did not throw';
    };
    expect(fieldOf(() => backoffDelayMs(0, { initialMs: 10, maxMs: 5 }))).toBe('maxMs');
    expect(fieldOf(() => backoffDelayMs(0, { factor: 0.5 }))).toBe('factor');
    expect(fieldOf(() => new Backoff({ jitter: 2 }))).toBe('jitter');
    expect(fieldOf(() => new Backoff({ initialMs: -1 }))).toBe('initialMs');
  });
});
