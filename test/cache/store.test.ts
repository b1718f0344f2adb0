import { describe, expect, it } from '@jest/globals';
import { Store } from '@kubekit/cache';
import { InvalidInputError, type KubeObject } from '@kubekit/core';

const pod = (
  namespace: string | undefined,
  name: string,
  rv = '1',
  labels: Record<string, string> = {},
): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace, resourceVersion: rv, labels },
});
const names = (objs: KubeObject[]) => objs.map((o) => o.metadata?.name).sort();

describe('Store', () => {
  it('keys objects by namespace/name and serves the namespace index', () => {
    const store = new Store();
    store.apply(pod('a', 'x'));
    store.apply(pod('b', 'x'));
    store.apply(pod(undefined, 'cluster-wide'));
    expect(store.size).toBe(3);
    expect(store.get('x', 'a')?.metadata?.namespace).toBe('a');
    expect(store.get('x')).toBeUndefined();
    expect(store.get('cluster-wide')?.metadata?.name).toBe('cluster-wide');
    expect(names(store.list({ namespace: 'b' }))).toEqual(['x']);
    expect(store.list()).toHaveLength(3);
  });

  it('reports adds, updates with the old state, and deletes with the last known state', () => {
    const store = new Store();
    expect(store.apply(pod('a', 'x', '1')).type).toBe('add');
    const update = store.apply(pod('a', 'x', '2'));
    expect(update).toMatchObject({ type: 'update', oldObject: { metadata: { resourceVersion: '1' } } });
    expect(store.delete(pod('a', 'x', '3'))).toMatchObject({
      type: 'delete',
      object: { metadata: { resourceVersion: '2' } },
    });
    expect(store.delete(pod('a', 'x'))).toBeUndefined();
    expect(store.size).toBe(0);
    expect(store.bytes).toBe(0);
  });

  it('intersects several named indexes with exact matches, also for indexes added later', () => {
    const store = new Store({ indexers: { app: (o) => [o.metadata?.labels?.app ?? ''] } });
    store.apply(pod('a', 'web-1', '1', { app: 'web', tier: 'front' }));
    store.apply(pod('a', 'web-2', '1', { app: 'web', tier: 'back' }));
    store.apply(pod('b', 'db-1', '1', { app: 'db', tier: 'back' }));
    store.addIndex('tier', (o) => (o.metadata?.labels?.tier ? [o.metadata.labels.tier] : []));
    expect(names(store.list({ index: { app: 'web' } }))).toEqual(['web-1', 'web-2']);
    expect(names(store.list({ index: { app: 'web', tier: 'back' } }))).toEqual(['web-2']);
    expect(names(store.list({ namespace: 'b', index: { tier: 'back' } }))).toEqual(['db-1']);
    expect(store.list({ index: { app: 'none' } })).toEqual([]);
    store.apply(pod('a', 'web-2', '2', { app: 'db', tier: 'back' }));
    expect(names(store.list({ index: { app: 'web' } }))).toEqual(['web-1']);
    expect(() => store.list({ index: { nope: 'x' } })).toThrow(InvalidInputError);
    expect(store.indexNames).toEqual(['app', 'tier']);
  });

  it('replaces the content at once and reports the difference, deletes included', () => {
    const store = new Store({ indexers: { app: (o) => [o.metadata?.labels?.app ?? ''] } });
    store.apply(pod('a', 'kept', '1', { app: 'x' }));
    store.apply(pod('a', 'changed', '1', { app: 'x' }));
    store.apply(pod('a', 'gone', '1', { app: 'x' }));
    const before = store.list();
    const changes = store.replace([
      pod('a', 'kept', '1', { app: 'x' }),
      pod('a', 'changed', '2'),
      pod('a', 'new', '1'),
    ]);
    expect(changes.map((c) => `${c.type}:${c.object.metadata?.name}`).sort()).toEqual([
      'add:new',
      'delete:gone',
      'update:changed',
    ]);
    expect(before).toHaveLength(3); // what a reader already holds is untouched
    expect(names(store.list())).toEqual(['changed', 'kept', 'new']);
    expect(names(store.list({ index: { app: 'x' } }))).toEqual(['kept']);
    // three objects: fewer than the sample, so the estimate is exact
    expect(store.bytes).toBe(store.list().reduce((n, o) => n + JSON.stringify(o).length, 0));
  });

  it('fills a replacement object by object: transformed on put, invisible to readers until commit', () => {
    const seen: string[] = [];
    const store = new Store({
      transform: (o) => {
        seen.push(o.metadata?.name ?? '');
        return { ...o, kind: 'Trimmed' };
      },
    });
    store.apply(pod('a', 'old'));
    seen.length = 0;
    const next = store.replacement();
    next.put(pod('a', 'one'));
    next.put(pod('a', 'two'));
    next.put(pod('a', 'gone-again'));
    next.remove(pod('a', 'gone-again'));
    expect(seen).toEqual(['one', 'two', 'gone-again']); // each object is transformed when it arrives
    expect(names(store.list())).toEqual(['old']);
    store.addIndex('name', (o) => [o.metadata?.name ?? '']); // added while the replacement fills
    const changes = next.commit();
    expect(changes.map((c) => `${c.type}:${c.object.metadata?.name}`).sort()).toEqual([
      'add:one',
      'add:two',
      'delete:old',
    ]);
    expect(store.list().map((o) => o.kind)).toEqual(['Trimmed', 'Trimmed']);
    expect(names(store.list({ index: { name: 'two' } }))).toEqual(['two']);
    expect(() => next.commit()).toThrow(/once/);
  });

  it('estimates its bytes from a sample when it holds more objects than the sample', () => {
    const store = new Store();
    for (let i = 0; i < 5000; i++) store.apply(pod('a', `p${i}`, '1', { size: 'x'.repeat(i % 200) }));
    const exact = store.list().reduce((n, o) => n + JSON.stringify(o).length, 0);
    expect(Math.abs(store.bytes - exact) / exact).toBeLessThan(0.1);
    for (let i = 0; i < 5000; i++) store.delete(pod('a', `p${i}`));
    expect(store.bytes).toBe(0);
  });

  it('drops managedFields by default, keeps them with transform null, applies a custom transform', () => {
    const withFields = { ...pod('a', 'x'), metadata: { ...pod('a', 'x').metadata, managedFields: [{}] } };
    expect(new Store().apply(withFields).object.metadata).not.toHaveProperty('managedFields');
    expect(new Store({ transform: null }).apply(withFields).object.metadata).toHaveProperty('managedFields');
    const custom = new Store({ transform: (o) => ({ ...o, kind: 'Trimmed' }) });
    expect(custom.apply(pod('a', 'x')).object.kind).toBe('Trimmed');
  });

  it('hands out frozen objects without copying, unless freezing is off', () => {
    const store = new Store();
    store.apply(pod('a', 'x'));
    const got = store.get('x', 'a') as KubeObject;
    expect(store.get('x', 'a')).toBe(got);
    expect(() => {
      (got.metadata as { name: string }).name = 'y';
    }).toThrow(TypeError);
    const loose = new Store({ freeze: false });
    expect(Object.isFrozen(loose.apply(pod('a', 'x')).object)).toBe(false);
  });

  it('shares strings without changing what objects read, for frozen, partly frozen and loose objects', () => {
    const image = 'registry.example.com/team/app:1.2.3';
    const long = 'x'.repeat(5000);
    type WithSpec = KubeObject & { spec?: object };
    const withStrings = (name: string): WithSpec => ({
      ...pod('a', name, '1', { release: 'stable-release-channel' }),
      spec: { containers: [{ name: 'app', image, args: ['--listen=:8080', long] }], nodeName: 'node-0001.example' },
    });
    for (const options of [{}, { freeze: false }, { internStrings: false }]) {
      const store = new Store<WithSpec>(options);
      for (let i = 0; i < 3; i++) {
        const original = withStrings(`p${i}`);
        const copy = structuredClone(original);
        expect(store.apply(original).object).toEqual(copy);
      }
      // an object that arrives partly frozen (a transform that returns shared frozen parts) is stored as is
      const spec = Object.freeze({ nodeName: 'frozen-node-name' });
      const partly = { ...withStrings('partly'), spec };
      expect(() => store.apply(partly)).not.toThrow();
      expect(store.get('partly', 'a')?.spec).toBe(spec);
      expect(store.get('p2', 'a')).toEqual(withStrings('p2'));
      expect(Object.isFrozen(store.get('p1', 'a')?.metadata)).toBe(options.freeze !== false);
    }
  });

  it('shares strings of a replacement with the objects it replaces, and they still read the same', () => {
    const store = new Store();
    const labelled = (rv: string) => pod('a', 'x', rv, { owner: 'an-owner-name-longer-than-ten' });
    store.apply(labelled('1'));
    const changes = store.replace([labelled('2')]);
    expect(changes).toEqual([{ type: 'update', oldObject: labelled('1'), object: labelled('2') }]);
    expect(store.list({})).toEqual([labelled('2')]);
  });

  it('keeps the object it holds when a relist brings it again at the same resourceVersion', () => {
    let transformed = 0;
    const store = new Store({
      transform: (o) => {
        transformed++;
        return o;
      },
    });
    store.replace([pod('a', 'same', '1'), pod('a', 'changed', '1')]);
    const same = store.get('same', 'a');
    const changedBefore = store.get('changed', 'a');
    transformed = 0;
    const changes = store.replace([pod('a', 'same', '1'), pod('a', 'changed', '2'), pod('a', 'new', '1')]);
    expect(store.get('same', 'a')).toBe(same);
    expect(store.get('changed', 'a')).not.toBe(changedBefore);
    expect(transformed).toBe(2);
    expect(changes.map((c) => `${c.type} ${c.object.metadata?.name}`).sort()).toEqual(['add new', 'update changed']);
  });
});
