/** Event handlers (object, owner, map function) and predicates. */
import { describe, expect, it } from '@jest/globals';
import type { InformerEvent } from '@kubekit/cache';
import { defineKind, type KubeObject } from '@kubekit/core';
import {
  and,
  annotationsChanged,
  enqueueRequestForObject,
  enqueueRequestForOwner,
  enqueueRequestsFromMapFunc,
  generationChanged,
  labelSelector,
  labelsChanged,
  not,
  objectPredicate,
  or,
  resourceVersionChanged,
} from '@kubekit/manager';
import { obj } from './fakeLease.js';

const Widget = defineKind({
  apiVersion: 'test.kubekit.dev/v1',
  kind: 'Widget',
  plural: 'widgets',
  scope: 'Namespaced',
});
const owner = (name: string, controller = true, apiVersion = 'test.kubekit.dev/v2', kind = 'Widget') => ({
  apiVersion,
  kind,
  name,
  uid: `uid-${name}`,
  controller,
});
const update = (a: KubeObject, b: KubeObject): InformerEvent => ({ type: 'update', oldObject: a, object: b });
const list = async (x: Iterable<unknown> | Promise<Iterable<unknown>>) => [...(await x)];

describe('event handlers', () => {
  it('enqueueRequestForObject: the object itself; cluster-scoped objects have no namespace', async () => {
    const h = enqueueRequestForObject();
    expect(await list(h({ type: 'add', object: obj('a') }))).toEqual([{ namespace: 'demo', name: 'a' }]);
    const node: KubeObject = { apiVersion: 'v1', kind: 'Node', metadata: { name: 'n1' } };
    expect(await list(h({ type: 'delete', object: node }))).toEqual([{ name: 'n1' }]);
  });

  it('enqueueRequestForOwner: the controller owner of the kind (any version), old and new owners on update', async () => {
    const h = enqueueRequestForOwner(Widget);
    const o = obj('cm', {
      ownerReferences: [owner('w1'), owner('x', false), owner('d', true, 'apps/v1', 'Deployment')],
    });
    expect(await list(h({ type: 'add', object: o }))).toEqual([{ namespace: 'demo', name: 'w1' }]);
    const moved = obj('cm', { ownerReferences: [owner('w2')] });
    expect(await list(h(update(o, moved)))).toEqual([
      { namespace: 'demo', name: 'w1' },
      { namespace: 'demo', name: 'w2' },
    ]);
    const all = enqueueRequestForOwner(Widget, { onlyController: false });
    expect((await list(all({ type: 'add', object: o }))).length).toBe(2);
    const cluster = enqueueRequestForOwner({ apiVersion: 'test.kubekit.dev/v1', kind: 'Widget' }, { scope: 'Cluster' });
    expect(await list(cluster({ type: 'add', object: o }))).toEqual([{ name: 'w1' }]);
  });

  it('enqueueRequestsFromMapFunc: whatever the function says, for old and new state', async () => {
    const h = enqueueRequestsFromMapFunc(async (o) => [{ namespace: 'x', name: `for-${o.metadata?.labels?.app}` }]);
    const a = obj('a', { labels: { app: 'one' } });
    const b = obj('a', { labels: { app: 'two' } });
    expect(await list(h(update(a, b)))).toEqual([
      { namespace: 'x', name: 'for-one' },
      { namespace: 'x', name: 'for-two' },
    ]);
  });
});

describe('predicates', () => {
  const base = obj('a', { labels: { app: 'web' }, annotations: { a: '1' } });

  it('changed predicates pass creates and deletes, and updates that change their field', () => {
    const add: InformerEvent = { type: 'add', object: base };
    for (const p of [generationChanged(), labelsChanged(), annotationsChanged(), resourceVersionChanged()]) {
      expect(p(add)).toBe(true);
      expect(p(update(base, base))).toBe(false); // a resync
    }
    expect(generationChanged()(update(base, obj('a', { generation: 2 })))).toBe(true);
    expect(generationChanged()(update(base, { ...base, metadata: { ...base.metadata, resourceVersion: '9' } }))).toBe(
      false,
    );
    expect(labelsChanged()(update(base, obj('a', { labels: { app: 'db' } })))).toBe(true);
    expect(labelsChanged()(update(base, obj('a', { labels: { app: 'web' }, resourceVersion: '2' })))).toBe(false);
    expect(annotationsChanged()(update(base, obj('a', { labels: { app: 'web' } })))).toBe(true);
    expect(resourceVersionChanged()(update(base, obj('a', { resourceVersion: '2' })))).toBe(true);
  });

  it('labelSelector, and/or/not, custom', () => {
    const ev = (o: KubeObject): InformerEvent => ({ type: 'add', object: o });
    expect(labelSelector('app=web')(ev(base))).toBe(true);
    expect(labelSelector('app in (db,cache)')(ev(base))).toBe(false);
    expect(labelSelector({ app: 'web' })(ev(base))).toBe(true);
    expect(labelSelector('!legacy')(ev(base))).toBe(true);
    const yes = () => true;
    const no = () => false;
    expect(and(yes, no)(ev(base))).toBe(false);
    expect(or(yes, no)(ev(base))).toBe(true);
    expect(not(no)(ev(base))).toBe(true);
    expect(objectPredicate((o) => o.metadata?.name === 'a')(ev(base))).toBe(true);
  });
});
