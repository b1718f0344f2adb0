import { describe, expect, it } from '@jest/globals';
import { TokenBucket } from '@kubekit/core';
import { InstantClock } from '../support/fakeClock.js';

describe('TokenBucket', () => {
  it('lets a burst through, then spaces requests at qps', async () => {
    const clock = new InstantClock();
    const limiter = new TokenBucket({ qps: 10, burst: 3, clock });
    for (let i = 0; i < 5; i++) await limiter.acquire();
    expect(clock.sleeps).toEqual([100, 100]);
  });

  it('refills while idle, up to the burst', async () => {
    const clock = new InstantClock();
    const limiter = new TokenBucket({ qps: 10, burst: 2, clock });
    await limiter.acquire();
    await limiter.acquire();
    clock.t += 10_000; // a long idle time refills only `burst` tokens
    for (let i = 0; i < 3; i++) await limiter.acquire();
    expect(clock.sleeps).toEqual([100]);
  });

  it('is off for qps 0', async () => {
    const clock = new InstantClock();
    const limiter = new TokenBucket({ qps: 0, burst: 1, clock });
    for (let i = 0; i < 100; i++) await limiter.acquire();
    expect(clock.sleeps).toEqual([]);
    expect(limiter.unlimited).toBe(true);
  });

  it('rejects with the signal reason and gives the token back', async () => {
    const clock = new InstantClock();
    const limiter = new TokenBucket({ qps: 1, burst: 1, clock });
    await limiter.acquire();
    const ac = new AbortController();
    ac.abort(new Error('cancelled'));
    await expect(limiter.acquire(ac.signal)).rejects.toThrow('cancelled');
    clock.t += 1000;
    await limiter.acquire();
    expect(clock.sleeps).toEqual([]);
  });
});
