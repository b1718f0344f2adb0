import { describe, expect, it } from '@jest/globals';
import { isFakeApiError } from '../../../../packages/testing/src/fake/engine/apiError.js';
import { FakeStorage } from '../../../../packages/testing/src/fake/engine/storage.js';
import type { FakeWatchEvent } from '../../../../packages/testing/src/fake/engine/types.js';
import { startGarbageCollector } from '../../../../packages/testing/src/fake/garbageCollector.js';
import { builtinResourceTypes } from '../../../../packages/testing/src/fake/kinds/builtinKinds.js';

const CM = { group: '', version: 'v1', resource: 'configmaps' };
const NS = { group: '', version: 'v1', resource: 'namespaces' };
const DEPLOY = { group: 'apps', version: 'v1', resource: 'deployments' };
const deploymentSpec = {
  replicas: 1,
  selector: { matchLabels: { app: 'd' } },
  template: { metadata: { labels: { app: 'd' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } },
};

function storage(options: ConstructorParameters<typeof FakeStorage>[0] = {}) {
  const s = new FakeStorage({ clock: { now: () => Date.UTC(2030, 0, 1) }, ...options });
  for (const t of builtinResourceTypes()) s.registry.add(t);
  s.create(NS, undefined, { metadata: { name: 'default' } });
  return s;
}
const flush = () => new Promise((r) => setImmediate(r));

describe('FakeStorage', () => {
  it('gives each write the next resourceVersion, and timestamps from the injected clock', () => {
    const s = storage();
    const a = s.create(CM, 'default', { metadata: { name: 'a' } });
    const b = s.create(CM, 'default', { metadata: { name: 'b' } });
    expect(Number(b.metadata.resourceVersion)).toBe(Number(a.metadata.resourceVersion) + 1);
    expect(a.metadata.creationTimestamp).toBe('2030-01-01T00:00:00Z');
    expect(s.resourceVersion).toBe(b.metadata.resourceVersion);
  });

  it('refuses objects in a namespace that does not exist, as NamespaceLifecycle does', () => {
    const s = storage();
    expect(() => s.create(CM, 'nope', { metadata: { name: 'a' } })).toThrow('namespaces "nope" not found');
  });

  it('takes unconditional updates of built-ins and keeps generation only where the kind has it', () => {
    const s = storage();
    s.create(CM, 'default', { metadata: { name: 'a' }, data: { k: '1' } });
    const updated = s.update(CM, 'default', 'a', { metadata: { name: 'a' }, data: { k: '2' } });
    expect(updated.data).toEqual({ k: '2' });
    expect(updated.metadata.generation).toBeUndefined();
    const d = s.create(DEPLOY, 'default', { metadata: { name: 'd' }, spec: deploymentSpec });
    expect(d.metadata.generation).toBe(1);
    expect(s.patch(DEPLOY, 'default', 'd', 'strategic', { spec: { replicas: 2 } }).metadata.generation).toBe(2);
  });

  it('keeps a bounded history: a watch from before it is Expired', () => {
    const s = storage({ historySize: 2 });
    const first = s.create(CM, 'default', { metadata: { name: 'a' } });
    for (const n of ['b', 'c', 'd', 'e', 'f']) s.create(CM, 'default', { metadata: { name: n } });
    let err: unknown;
    try {
      s.watch(CM, 'default', { resourceVersion: first.metadata.resourceVersion }, () => {});
    } catch (e) {
      err = e;
    }
    expect(isFakeApiError(err, 'Expired')).toBe(true);
    expect((err as Error).message).toMatch(/^too old resource version: \d+ \(\d+\)$/);
  });

  it('replays history to a watch from a resourceVersion, then streams live writes', () => {
    const s = storage();
    const a = s.create(CM, 'default', { metadata: { name: 'a' } });
    s.update(CM, 'default', 'a', { ...a, data: { x: 'y' } });
    const events: FakeWatchEvent[] = [];
    const w = s.watch(CM, 'default', { resourceVersion: a.metadata.resourceVersion }, (e) => events.push(e));
    s.delete(CM, 'default', 'a');
    w.stop();
    s.create(CM, 'default', { metadata: { name: 'after-stop' } });
    expect(events.map((e) => e.type)).toEqual(['MODIFIED', 'DELETED']);
  });

  it('apply creates when missing and needs a field manager', () => {
    const s = storage();
    expect(() => s.patch(CM, 'default', 'ap', 'apply', { metadata: { name: 'ap' } })).toThrow(
      /fieldManager: Required value/,
    );
    const created = s.patch(
      CM,
      'default',
      'ap',
      'apply',
      { apiVersion: 'v1', kind: 'ConfigMap', data: { a: '1' } },
      { fieldManager: 'me' },
    );
    expect(created.data).toEqual({ a: '1' });
  });

  it('garbage collects dependents of a deleted owner (background) and keeps them with Orphan', async () => {
    const s = storage();
    const stop = startGarbageCollector(s);
    const owner = s.create(CM, 'default', { metadata: { name: 'owner' } });
    const ref = { apiVersion: 'v1', kind: 'ConfigMap', name: 'owner', uid: owner.metadata.uid };
    s.create(CM, 'default', { metadata: { name: 'dep', ownerReferences: [ref] } });
    s.delete(CM, 'default', 'owner');
    await flush();
    expect(() => s.get(CM, 'default', 'dep')).toThrow('configmaps "dep" not found');

    const owner2 = s.create(CM, 'default', { metadata: { name: 'owner2' } });
    s.create(CM, 'default', {
      metadata: { name: 'kept', ownerReferences: [{ ...ref, name: 'owner2', uid: owner2.metadata.uid }] },
    });
    s.delete(CM, 'default', 'owner2', { propagationPolicy: 'Orphan' });
    await flush();
    await flush();
    expect(s.get(CM, 'default', 'kept').metadata.ownerReferences).toBeUndefined();
    expect(() => s.get(CM, 'default', 'owner2')).toThrow('not found');
    stop();
  });

  it('foreground deletion keeps the owner until its dependents are gone', async () => {
    const s = storage();
    const stop = startGarbageCollector(s);
    const owner = s.create(CM, 'default', { metadata: { name: 'owner' } });
    s.create(CM, 'default', {
      metadata: {
        name: 'dep',
        ownerReferences: [{ apiVersion: 'v1', kind: 'ConfigMap', name: 'owner', uid: owner.metadata.uid }],
      },
    });
    const deleting = s.delete(CM, 'default', 'owner', { propagationPolicy: 'Foreground' });
    expect(deleting).toMatchObject({ metadata: { finalizers: ['foregroundDeletion'] } });
    for (let i = 0; i < 5; i++) await flush();
    expect(() => s.get(CM, 'default', 'dep')).toThrow('not found');
    expect(() => s.get(CM, 'default', 'owner')).toThrow('not found');
    stop();
  });

  it('a deleted namespace terminates: refuses new objects, deletes its contents, then goes', async () => {
    const s = storage();
    const stop = startGarbageCollector(s);
    s.create(NS, undefined, { metadata: { name: 'team' } });
    s.create(CM, 'team', { metadata: { name: 'a' } });
    s.create(CM, 'team', { metadata: { name: 'held', finalizers: ['x/y'] } });
    const deleting = s.delete(NS, undefined, 'team');
    expect(deleting).toMatchObject({ status: { phase: 'Terminating' }, spec: { finalizers: ['kubernetes'] } });
    expect(() => s.create(CM, 'team', { metadata: { name: 'late' } })).toThrow(
      'unable to create new content in namespace team because it is being terminated',
    );
    for (let i = 0; i < 3; i++) await flush();
    expect(s.list(CM, 'team').items.map((i) => i.metadata.name)).toEqual(['held']);
    expect(s.get(NS, undefined, 'team').status).toEqual({ phase: 'Terminating' });
    s.patch(CM, 'team', 'held', 'merge', { metadata: { finalizers: null } });
    for (let i = 0; i < 3; i++) await flush();
    expect(() => s.get(NS, undefined, 'team')).toThrow('namespaces "team" not found');
    stop();
  });
});
