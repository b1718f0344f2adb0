import { afterEach, describe, expect, it } from '@jest/globals';
import {
  type InformerEvent,
  isCacheSyncError,
  isCacheSyncTimeout,
  isInformerStopped,
  SharedInformer,
} from '@kubekit/cache';
import { ForbiddenError, GoneError, InternalError, isForbidden } from '@kubekit/core';
import { ManualClock } from '../support/manualClock.js';
import { errorEvent, obj, ScriptedListerWatcher } from './scriptedListerWatcher.js';

const stops: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const stop of stops.splice(0)) await stop();
});

function run(lw: ScriptedListerWatcher, options: { resyncMs?: number } = {}) {
  const clock = new ManualClock();
  const informer = new SharedInformer(lw, {
    streamingList: false,
    clock,
    random: () => 0,
    name: 'widgets',
    ...options,
  });
  const controller = new AbortController();
  const done = informer.start(controller.signal);
  stops.push(async () => {
    controller.abort();
    await done;
  });
  return { clock, informer, controller, done };
}
const describeEvent = (e: InformerEvent) =>
  `${e.type}:${e.object.metadata?.name}@${e.object.metadata?.resourceVersion}`;

describe('SharedInformer', () => {
  it('delivers add, update (old and new) and delete (last known state) to every handler', async () => {
    const lw = new ScriptedListerWatcher([{ items: [obj('a', '1')], resourceVersion: '1' }]);
    const { informer, clock } = run(lw);
    const one: InformerEvent[] = [];
    const two: string[] = [];
    informer.subscribe((e) => {
      one.push(e);
    });
    informer.subscribe((e) => {
      two.push(describeEvent(e));
    });
    const w = await lw.watchNumber(0);
    w.push({ type: 'MODIFIED', object: obj('a', '2') });
    w.push({ type: 'DELETED', object: obj('a', '3') });
    await clock.advance(0);
    await informer.idle();
    expect(two).toEqual(['add:a@1', 'update:a@2', 'delete:a@2']);
    expect(one[1]).toMatchObject({ type: 'update', oldObject: { metadata: { resourceVersion: '1' } } });
  });

  it('gives a handler added after sync the cached objects as adds; unsubscribe stops delivery', async () => {
    const lw = new ScriptedListerWatcher([{ items: [obj('a', '1'), obj('b', '1')], resourceVersion: '1' }]);
    const { informer } = run(lw);
    await informer.waitForSync();
    const seen: string[] = [];
    const off = informer.subscribe((e) => {
      seen.push(describeEvent(e));
    });
    await informer.idle();
    expect(seen.sort()).toEqual(['add:a@1', 'add:b@1']);
    off();
    (await lw.watchNumber(0)).push({ type: 'ADDED', object: obj('c', '2') });
    await new ManualClock().advance(0);
    expect(informer.store.size).toBe(3);
    await informer.idle();
    expect(seen).toHaveLength(2);
  });

  it('delivers deletes found by a relist after 410', async () => {
    const lw = new ScriptedListerWatcher([
      { items: [obj('a', '1'), obj('b', '1')], resourceVersion: '1' },
      { items: [obj('a', '1')], resourceVersion: '5' },
    ]);
    const { informer } = run(lw);
    const seen: string[] = [];
    informer.subscribe((e) => {
      seen.push(describeEvent(e));
    });
    (await lw.watchNumber(0)).push(errorEvent(new GoneError({ code: 410 })));
    await lw.watchNumber(1);
    await informer.idle();
    expect(seen).toContain('delete:b@1');
  });

  it("marks the initial list and a late handler's replay initial; watch events and relists are not", async () => {
    const lw = new ScriptedListerWatcher([
      { items: [obj('a', '1')], resourceVersion: '1' },
      { items: [obj('a', '1'), obj('c', '4')], resourceVersion: '5' },
    ]);
    const { informer, clock } = run(lw);
    const tagged = (e: InformerEvent) => `${describeEvent(e)}${e.initial ? ' initial' : ''}`;
    const early: string[] = [];
    informer.subscribe((e) => {
      early.push(tagged(e));
    });
    const watch = await lw.watchNumber(0);
    watch.push({ type: 'ADDED', object: obj('b', '2') });
    await clock.advance(0);
    await informer.idle();
    const late: string[] = [];
    informer.subscribe((e) => {
      late.push(tagged(e));
    });
    await informer.idle();
    watch.push(errorEvent(new GoneError({ code: 410 })));
    await lw.watchNumber(1);
    await informer.idle();
    expect(early.slice(0, 2)).toEqual(['add:a@1 initial', 'add:b@2']);
    expect(early.slice(2).sort()).toEqual(['add:c@4', 'delete:b@2']);
    expect(late.slice(0, 2).sort()).toEqual(['add:a@1 initial', 'add:b@2 initial']);
    expect(late.slice(2).sort()).toEqual(['add:c@4', 'delete:b@2']);
  });

  it('never lets a slow handler delay the store or the other handlers', async () => {
    const lw = new ScriptedListerWatcher([{ items: [], resourceVersion: '1' }]);
    const { informer, clock } = run(lw);
    let release = () => {};
    const slow: string[] = [];
    informer.subscribe(async (e) => {
      slow.push(describeEvent(e));
      await new Promise<void>((r) => {
        release = r;
      });
    });
    const fast: string[] = [];
    informer.subscribe((e) => {
      fast.push(describeEvent(e));
    });
    const w = await lw.watchNumber(0);
    for (let i = 0; i < 3; i++) w.push({ type: 'ADDED', object: obj(`o${i}`, `${i + 2}`) });
    await clock.advance(0);
    expect(informer.store.size).toBe(3);
    expect(fast).toHaveLength(3);
    expect(slow).toHaveLength(1);
    for (let i = 0; i < 3; i++) {
      release();
      await clock.advance(0);
    }
    expect(slow).toEqual(fast);
  });

  it('reports a throwing handler and goes on delivering', async () => {
    const lw = new ScriptedListerWatcher([{ items: [obj('a', '1'), obj('b', '1')], resourceVersion: '1' }]);
    const errors: unknown[] = [];
    const clock = new ManualClock();
    const informer = new SharedInformer(lw, { streamingList: false, clock, onHandlerError: (e) => errors.push(e) });
    const seen: string[] = [];
    informer.subscribe((e) => {
      seen.push(describeEvent(e));
      throw new Error('boom');
    });
    const controller = new AbortController();
    const done = informer.start(controller.signal);
    await informer.waitForSync();
    await informer.idle();
    expect(seen).toHaveLength(2);
    expect(errors).toHaveLength(2);
    controller.abort();
    await done;
  });

  it('redelivers every object as an update each resync period', async () => {
    const lw = new ScriptedListerWatcher([{ items: [obj('a', '1')], resourceVersion: '1' }]);
    const { informer, clock } = run(lw, { resyncMs: 60_000 });
    const seen: InformerEvent[] = [];
    informer.subscribe((e) => {
      seen.push(e);
    });
    await informer.waitForSync();
    await clock.advance(59_999);
    await informer.idle();
    expect(seen.map((e) => e.type)).toEqual(['add']);
    await clock.advance(1);
    await informer.idle();
    expect(seen.map((e) => e.type)).toEqual(['add', 'update']);
    const resync = seen[1];
    expect(resync?.type === 'update' && resync.oldObject === resync.object).toBe(true);
  });

  it('fails waitForSync at once with a typed error when the list is forbidden', async () => {
    const lw = new ScriptedListerWatcher([new ForbiddenError({ code: 403, status: { message: 'forbidden' } })]);
    const { informer } = run(lw);
    const err = await informer.waitForSync().catch((e: unknown) => e);
    expect(isCacheSyncError(err)).toBe(true);
    expect(isForbidden((err as Error).cause)).toBe(true);
    expect(informer.status).toMatchObject({ phase: 'backingOff', hasSynced: false, objects: 0 });
  });

  it('keeps waiting through retryable errors, and times out with the last error as cause', async () => {
    const lw = new ScriptedListerWatcher([new InternalError({ code: 500 })]);
    const { informer, clock } = run(lw);
    const waiting = informer.waitForSync({ timeoutMs: 5_000 }).catch((e: unknown) => e);
    await clock.advance(5_000);
    const err = await waiting;
    expect(isCacheSyncTimeout(err)).toBe(true);
    expect((err as Error).cause).toBeInstanceOf(InternalError);
  });

  it('stops waiting when its signal aborts or the informer stops', async () => {
    const lw = new ScriptedListerWatcher([new InternalError({ code: 500 })]);
    const { informer, controller, done } = run(lw);
    const waiter = new AbortController();
    const aborted = informer.waitForSync({ signal: waiter.signal }).catch((e: unknown) => e);
    waiter.abort(new Error('no more'));
    expect(await aborted).toMatchObject({ message: 'no more' });
    const stopped = informer.waitForSync().catch((e: unknown) => e);
    controller.abort();
    await done;
    expect(isInformerStopped(await stopped)).toBe(true);
  });

  it('reports errors and status changes to onStatus listeners', async () => {
    const lw = new ScriptedListerWatcher([new InternalError({ code: 500 }), { items: [], resourceVersion: '1' }]);
    const clock = new ManualClock();
    const informer = new SharedInformer(lw, { streamingList: false, clock, random: () => 0 });
    const seen: string[] = [];
    informer.onStatus((e) => {
      seen.push(
        e.type === 'error' ? `error:${e.retryInMs}` : e.type === 'status' ? `status:${e.status.phase}` : e.type,
      );
    });
    const controller = new AbortController();
    const done = informer.start(controller.signal);
    await clock.advance(800);
    await informer.waitForSync();
    controller.abort();
    await done;
    expect(seen).toEqual(['status:backingOff', 'error:800', 'status:syncing', 'status:synced', 'status:stopped']);
  });

  it('exposes its status: phase, objects and approximate bytes', async () => {
    const lw = new ScriptedListerWatcher([{ items: [obj('a', '1'), obj('b', '1')], resourceVersion: '9' }]);
    const { informer } = run(lw);
    await informer.waitForSync();
    const s = informer.status;
    expect(s).toMatchObject({ phase: 'synced', hasSynced: true, resourceVersion: '9', objects: 2 });
    expect(s.bytes).toBeGreaterThan(100);
  });

  it('tells whether it has seen a resourceVersion, and wakes waiters on events and bookmarks', async () => {
    const lw = new ScriptedListerWatcher([{ items: [obj('a', '10')], resourceVersion: '10' }]);
    const { informer, clock } = run(lw);
    expect(informer.hasSeen('5')).toBeUndefined(); // not synced yet
    await informer.waitForSync();
    expect(informer.hasSeen('10')).toBe(true);
    expect(informer.hasSeen('9')).toBe(true);
    expect(informer.hasSeen('11')).toBe(false);
    expect(informer.hasSeen('opaque')).toBeUndefined();
    const w = await lw.watchNumber(0);

    let byEvent: boolean | undefined;
    const event = informer.waitForResourceVersion('12').then((seen) => {
      byEvent = seen;
    });
    w.push({ type: 'MODIFIED', object: obj('a', '11') });
    await clock.advance(0);
    expect(byEvent).toBeUndefined(); // 11 is not 12 yet
    w.push({ type: 'ADDED', object: obj('b', '12') });
    await event;
    expect(byEvent).toBe(true);

    // a bookmark moves the resourceVersion on with no change to the store, and wakes waiters too
    const bookmark = informer.waitForResourceVersion('20');
    w.push({ type: 'BOOKMARK', object: obj('', '20'), resourceVersion: '20' });
    await expect(bookmark).resolves.toBe(true);
    expect(informer.status.resourceVersion).toBe('20');

    // not seen in time, and not comparable: false
    const late = informer.waitForResourceVersion('30', { timeoutMs: 1_000 });
    await clock.advance(1_000);
    await expect(late).resolves.toBe(false);
    await expect(informer.waitForResourceVersion('v30')).resolves.toBe(false);
  });
});
