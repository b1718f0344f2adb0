import { afterEach, describe, expect, it } from '@jest/globals';
import { Reflector, type ReflectorEvent, Store } from '@kubekit/cache';
import { TransportError } from '@kubekit/client';
import { BadRequestError, ForbiddenError, GoneError, InternalError, TooManyRequestsError } from '@kubekit/core';
import { ManualClock } from '../support/manualClock.js';
import { errorEvent, initialEventsEnd, obj, ScriptedListerWatcher } from './scriptedListerWatcher.js';

const names = (store: Store) =>
  store
    .list()
    .map((o) => o.metadata?.name)
    .sort();
const gone = () => new GoneError({ code: 410, status: { reason: 'Expired', message: 'too old resource version' } });

function setup(lw: ScriptedListerWatcher, options: { pageSize?: number; streamingList?: boolean } = {}) {
  const clock = new ManualClock();
  const store = new Store();
  const reflector = new Reflector(lw, store, { clock, random: () => 0, streamingList: false, ...options });
  const events: ReflectorEvent[] = [];
  reflector.subscribe((e) => events.push(e));
  const controller = new AbortController();
  const done = reflector.start(controller.signal);
  stops.push(async () => {
    controller.abort();
    await done;
  });
  return { clock, store, reflector, events, controller, done };
}
const stops: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const stop of stops.splice(0)) await stop();
});

describe('Reflector', () => {
  it('lists in pages, fills the store, then watches from the list resourceVersion with a randomised timeout', async () => {
    const lw = new ScriptedListerWatcher([
      { items: [obj('a', '1'), obj('b', '2'), obj('c', '3')], resourceVersion: '10' },
    ]);
    const { store, reflector, events } = setup(lw, { pageSize: 2 });
    const w = await lw.watchNumber(0);
    expect(w.resourceVersion).toBe('10');
    expect(w.timeoutSeconds).toBe(300);
    expect(names(store)).toEqual(['a', 'b', 'c']);
    expect(reflector.status).toMatchObject({ phase: 'synced', hasSynced: true });
    const first = events.find((e) => e.type === 'changes');
    expect(first).toMatchObject({ type: 'changes', relist: true });
  });

  it('applies watch events, and every event and bookmark advances the resourceVersion', async () => {
    const lw = new ScriptedListerWatcher([{ items: [obj('a', '1')], resourceVersion: '1' }]);
    const { store, reflector, clock } = setup(lw);
    const w = await lw.watchNumber(0);
    w.push({ type: 'ADDED', object: obj('b', '2') });
    w.push({ type: 'MODIFIED', object: obj('a', '3') });
    w.push({ type: 'DELETED', object: obj('b', '4') });
    w.push({ type: 'BOOKMARK', object: { metadata: { resourceVersion: '7' } }, resourceVersion: '7' });
    await clock.advance(0);
    expect(names(store)).toEqual(['a']);
    expect(store.get('a', 'ns')?.metadata?.resourceVersion).toBe('3');
    expect(reflector.status.resourceVersion).toBe('7');
    w.push('end'); // the server closed the watch (its timeout): watch again from the bookmark
    expect((await lw.watchNumber(1)).resourceVersion).toBe('7');
    expect(lw.listCalls).toBe(1);
  });

  it('relists on 410 Gone and delivers the deletes and updates that happened in the gap', async () => {
    const lw = new ScriptedListerWatcher([
      { items: [obj('kept', '1'), obj('changed', '1'), obj('vanished', '1')], resourceVersion: '1' },
      { items: [obj('kept', '1'), obj('changed', '5'), obj('new', '6')], resourceVersion: '6' },
    ]);
    const { store, events } = setup(lw);
    (await lw.watchNumber(0)).push(errorEvent(gone()));
    expect((await lw.watchNumber(1)).resourceVersion).toBe('6');
    expect(names(store)).toEqual(['changed', 'kept', 'new']);
    const relist = events.filter((e) => e.type === 'changes' && e.relist)[1];
    const seen = relist?.type === 'changes' ? relist.changes.map((c) => `${c.type}:${c.object.metadata?.name}`) : [];
    expect(seen.sort()).toEqual(['add:new', 'delete:vanished', 'update:changed']);
    expect(events.some((e) => e.type === 'error')).toBe(false);
  });

  it('relists when a watch request itself fails with 410', async () => {
    const lw = new ScriptedListerWatcher([{ items: [], resourceVersion: '1' }]);
    setup(lw);
    (await lw.watchNumber(0)).push(gone());
    await lw.watchNumber(1);
    expect(lw.listCalls).toBe(2);
  });

  it('backs off exponentially on other errors, reports them, and recovers by itself', async () => {
    const lw = new ScriptedListerWatcher([
      new TransportError('connection refused'),
      new InternalError({ code: 500 }),
      { items: [obj('a', '1')], resourceVersion: '1' },
    ]);
    const { clock, reflector, events, store } = setup(lw);
    await clock.advance(0);
    expect(reflector.status.phase).toBe('backingOff');
    expect(reflector.status.lastError).toBeInstanceOf(TransportError);
    expect(events.filter((e) => e.type === 'error').map((e) => e.type === 'error' && e.retryInMs)).toEqual([800]);
    await clock.advance(800);
    expect(events.filter((e) => e.type === 'error').map((e) => e.type === 'error' && e.retryInMs)).toEqual([800, 1600]);
    await clock.advance(1600);
    await lw.watchNumber(0);
    expect(names(store)).toEqual(['a']);
    expect(reflector.status).toMatchObject({ phase: 'synced', lastError: undefined });
  });

  it('keeps retrying a 403 (it may be granted later) while reporting it', async () => {
    const lw = new ScriptedListerWatcher([new ForbiddenError({ code: 403 }), { items: [], resourceVersion: '1' }]);
    const { clock, reflector } = setup(lw);
    await clock.advance(0);
    expect(reflector.status.lastError).toBeInstanceOf(ForbiddenError);
    await clock.advance(800);
    await lw.watchNumber(0);
    expect(reflector.status.hasSynced).toBe(true);
  });

  it('honours Retry-After on 429', async () => {
    const lw = new ScriptedListerWatcher([
      new TooManyRequestsError({ code: 429, retryAfterSeconds: 7 }),
      { items: [], resourceVersion: '1' },
    ]);
    const { clock, events } = setup(lw);
    await clock.advance(0);
    expect(events.find((e) => e.type === 'error')).toMatchObject({ retryInMs: 7000 });
    await clock.advance(6999);
    expect(lw.listCalls).toBe(1);
    await clock.advance(1);
    await lw.watchNumber(0);
  });

  it('restarts a stalled watch after its timeout plus the idle margin', async () => {
    const lw = new ScriptedListerWatcher([{ items: [], resourceVersion: '1' }]);
    const { clock } = setup(lw);
    const first = await lw.watchNumber(0);
    first.push({ type: 'BOOKMARK', object: { metadata: { resourceVersion: '2' } }, resourceVersion: '2' });
    await clock.advance(300_000 + 29_999);
    expect(lw.watches).toHaveLength(1);
    await clock.advance(1);
    expect(first.closed).toBe(true);
    expect((await lw.watchNumber(1)).resourceVersion).toBe('2');
  });

  it('backs off when watches close at once without events, instead of spinning', async () => {
    const lw = new ScriptedListerWatcher([{ items: [], resourceVersion: '1' }]);
    const { clock } = setup(lw);
    (await lw.watchNumber(0)).push('end');
    await clock.advance(0);
    expect(lw.watches).toHaveLength(1);
    await clock.advance(800);
    await lw.watchNumber(1);
  });

  it('fills the store from a streaming list at the initial-events-end bookmark, then watches on', async () => {
    const lw = new ScriptedListerWatcher([{ items: [], resourceVersion: '1' }]);
    const { store, reflector, clock, events } = setup(lw, { streamingList: true });
    const w = await lw.watchNumber(0);
    expect(w.sendInitialEvents).toBe(true);
    w.push({ type: 'ADDED', object: obj('a', '1') });
    w.push({ type: 'ADDED', object: obj('b', '2') });
    await clock.advance(0);
    expect(store.size).toBe(0); // nothing before the end of the initial events: never half a list
    expect(reflector.status.hasSynced).toBe(false);
    w.push(initialEventsEnd('5'));
    w.push({ type: 'DELETED', object: obj('a', '6') });
    await clock.advance(0);
    expect(names(store)).toEqual(['b']);
    expect(reflector.status).toMatchObject({ phase: 'synced', hasSynced: true, resourceVersion: '6' });
    expect(events.filter((e) => e.type === 'changes' && e.relist)).toHaveLength(1);
    expect(lw.listCalls).toBe(0);
    w.push('end');
    const next = await lw.watchNumber(1);
    expect([next.sendInitialEvents, next.resourceVersion]).toEqual([false, '6']);
  });

  it('falls back to list+watch for good when the server ignores or refuses a streaming list', async () => {
    const ignoring = new ScriptedListerWatcher([{ items: [obj('a', '1')], resourceVersion: '3' }]);
    const a = setup(ignoring, { streamingList: true });
    const first = await ignoring.watchNumber(0);
    first.push({ type: 'ADDED', object: obj('a', '1') });
    await a.clock.advance(first.timeoutSeconds * 1000);
    first.push('end'); // at its timeout, and no initial-events-end bookmark: an older server
    const second = await ignoring.watchNumber(1);
    expect([second.sendInitialEvents, second.resourceVersion, ignoring.listCalls]).toEqual([false, '3', 1]);
    expect(a.reflector.streamingList).toBe(false);

    const refusing = new ScriptedListerWatcher([{ items: [], resourceVersion: '4' }]);
    setup(refusing, { streamingList: true });
    (await refusing.watchNumber(0)).push(new BadRequestError({ code: 400 }));
    expect((await refusing.watchNumber(1)).sendInitialEvents).toBe(false);
    expect(refusing.listCalls).toBe(1);
  });

  it('fills the store with one paged list when the server ends a streaming list early, then streams again', async () => {
    const lw = new ScriptedListerWatcher([{ items: [obj('a', '1'), obj('b', '2')], resourceVersion: '3' }]);
    const { store, reflector, clock } = setup(lw, { streamingList: true });
    const first = await lw.watchNumber(0);
    first.push({ type: 'ADDED', object: obj('a', '1') });
    first.push('end'); // long before its timeout: the server went down (a restart), not an older server
    const second = await lw.watchNumber(1);
    expect([second.sendInitialEvents, second.resourceVersion, lw.listCalls]).toEqual([false, '3', 1]);
    expect(names(store)).toEqual(['a', 'b']);
    expect(reflector.streamingList).toBe(true);
    second.push(errorEvent(gone())); // the next relist streams again
    await clock.advance(0);
    const third = await lw.watchNumber(2);
    expect([third.sendInitialEvents, lw.listCalls]).toEqual([true, 1]);
  });

  it('settles start() once its signal aborts, closing the watch', async () => {
    const lw = new ScriptedListerWatcher([{ items: [], resourceVersion: '1' }]);
    const { controller, done, reflector, clock } = setup(lw);
    const w = await lw.watchNumber(0);
    controller.abort();
    await done;
    expect(w.closed).toBe(true);
    expect(reflector.status.phase).toBe('stopped');
    expect(clock.pending).toBe(0);
  });

  it("gives list items without apiVersion and kind the page's, as kube-apiserver lists built-in kinds", async () => {
    const lw = new ScriptedListerWatcher([]);
    lw.listPages = async function* () {
      yield {
        apiVersion: 'v1',
        kind: 'ConfigMapList',
        metadata: { resourceVersion: '5' },
        items: [{ metadata: { name: 'a', namespace: 'ns', resourceVersion: '4' } }],
      };
    };
    const { store, clock } = setup(lw);
    const w = await lw.watchNumber(0);
    w.push({
      type: 'ADDED',
      object: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'b', namespace: 'ns', resourceVersion: '6' } },
    });
    await clock.advance(0);
    expect(store.list().map((o) => `${o.apiVersion}/${o.kind}/${o.metadata?.name}`)).toEqual([
      'v1/ConfigMap/a',
      'v1/ConfigMap/b',
    ]);
  });
});
