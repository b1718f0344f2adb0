/**
 * Leader election on a Lease, on fake time: one leader among candidates, takeover after a release
 * or after the leader goes silent, never two leaders at once. The electors use in-process fake
 * clients sharing one storage; `managerLeaderElection.test.ts` runs two managers over HTTP.
 */
import { afterEach, describe, expect, it } from '@jest/globals';
import { silentLogger } from '@kubekit/core';
import { LeaderElector } from '@kubekit/manager';
import { FakeClient } from '@kubekit/testing';
import { ManualClock } from '../support/manualClock.js';

const open: FakeClient[] = [];
afterEach(() => {
  for (const c of open.splice(0)) c.close();
});

interface Candidate {
  id: string;
  elector: LeaderElector;
  stop: AbortController;
  done: Promise<'stopped' | 'lost'>;
  leading: boolean;
  down: { value: boolean };
  finished: boolean;
}

/** Waits until every candidate still running sleeps (between attempts; a leader also on its renew deadline). */
async function settle(clock: ManualClock, all: readonly Candidate[]): Promise<void> {
  const sleepers = () => all.filter((c) => !c.finished).length + all.filter((c) => c.leading).length;
  for (let i = 0; i < 500 && clock.pending !== sleepers(); i++) await new Promise<void>((r) => setImmediate(r));
  if (clock.pending !== sleepers()) throw new Error(`expected ${sleepers()} sleeping electors, saw ${clock.pending}`);
}

async function candidates(clock: ManualClock, ids: string[]): Promise<Candidate[]> {
  const first = await FakeClient.create();
  open.push(first);
  const out: Candidate[] = [];
  for (const id of ids) {
    const down = { value: false };
    const client = await FakeClient.create({
      storage: first.storage,
      interceptors: {
        get: (call, next) => (down.value ? Promise.reject(new Error('network down')) : next(call)),
        update: (call, next) => (down.value ? Promise.reject(new Error('network down')) : next(call)),
        create: (call, next) => (down.value ? Promise.reject(new Error('network down')) : next(call)),
      },
    });
    open.push(client);
    const elector = new LeaderElector(client, {
      name: 'op',
      namespace: 'default',
      identity: id,
      clock,
      logger: silentLogger,
    });
    const stop = new AbortController();
    const c: Candidate = { id, elector, stop, leading: false, down, finished: false, done: Promise.resolve('stopped') };
    c.done = elector.run(stop.signal, {
      onStartedLeading: () => {
        c.leading = true;
      },
      onStoppedLeading: () => {
        c.leading = false;
      },
    });
    void c.done.then(() => {
      c.finished = true;
    });
    out.push(c);
    await settle(clock, out);
  }
  return out;
}

/** Advances time in 500 ms steps for `ms`, checking after each step that at most one candidate leads. */
async function run(clock: ManualClock, all: Candidate[], ms: number): Promise<void> {
  for (let t = 0; t < ms; t += 500) {
    await clock.advance(500);
    await settle(clock, all);
    expect(all.filter((c) => c.leading).length).toBeLessThanOrEqual(1);
    expect(all.filter((c) => c.elector.isLeader).length).toBeLessThanOrEqual(1);
  }
}

describe('LeaderElector', () => {
  it('elects one leader among three and keeps it while it renews', async () => {
    const clock = new ManualClock();
    const all = await candidates(clock, ['a', 'b', 'c']);
    expect(all.map((c) => c.leading)).toEqual([true, false, false]);
    await run(clock, all, 60_000);
    expect(all.map((c) => c.leading)).toEqual([true, false, false]);
    for (const c of all) c.stop.abort();
    await Promise.all(all.map((c) => c.done));
  });

  it('a leader that stops and releases the lease; another takes over at its next retry', async () => {
    const clock = new ManualClock();
    const [a, b] = (await candidates(clock, ['a', 'b'])) as [Candidate, Candidate];
    await run(clock, [a, b], 5000);
    a.stop.abort();
    expect(await a.done).toBe('stopped');
    expect(a.leading).toBe(false);
    expect(await a.elector.release()).toBe(true);
    const from = clock.now();
    while (!b.leading) await run(clock, [a, b], 500);
    expect(clock.now() - from).toBeLessThanOrEqual(15_000);
    expect(clock.now() - from).toBeLessThanOrEqual(2_000); // released: the next retry wins
    b.stop.abort();
    await b.done;
  });

  it('a leader cut off from the API server steps down before anyone else takes over', async () => {
    const clock = new ManualClock();
    const [a, b] = (await candidates(clock, ['a', 'b'])) as [Candidate, Candidate];
    await run(clock, [a, b], 4000);
    a.down.value = true;
    const from = clock.now();
    let aStopped: number | undefined;
    while (!b.leading) {
      await run(clock, [a, b], 500);
      if (!a.leading && aStopped === undefined) aStopped = clock.now() - from;
    }
    const bStarted = clock.now() - from;
    expect(await a.done).toBe('lost');
    expect(a.elector.isLeader).toBe(false);
    expect(aStopped).toBeDefined();
    expect(aStopped as number).toBeLessThanOrEqual(10_000 + 2_000); // renew deadline (+ one retry period)
    expect(bStarted).toBeGreaterThan(aStopped as number);
    // b waits the lease duration after the last renewal it saw, which may be up to one retry
    // period before a was cut off
    expect(bStarted).toBeGreaterThanOrEqual(15_000 - 2_000);
    b.stop.abort();
    await b.done;
  });
});
