/** Owner references: setControllerReference(owner, object), setOwnerReference(owner, object), their refusals. */
import { describe, expect, it } from '@jest/globals';
import {
  controllerOf,
  isAlreadyOwned,
  isInvalidInput,
  isInvalidOwner,
  isOwnedBy,
  type KubeObject,
  setControllerReference,
  setOwnerReference,
} from '@kubekit/core';
import { thrown } from '../support/thrown.js';

const owner = (name: string, namespace?: string): KubeObject => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name, uid: `uid-${name}`, ...(namespace && { namespace }) },
});
const cm = (name: string, namespace = 'default'): KubeObject => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name, namespace },
});

describe('setControllerReference(owner, object)', () => {
  it('sets a controller reference, idempotently', () => {
    const o = cm('a');
    setControllerReference(owner('web', 'default'), o);
    setControllerReference(owner('web', 'default'), o);
    expect(o.metadata?.ownerReferences).toEqual([
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        name: 'web',
        uid: 'uid-web',
        controller: true,
        blockOwnerDeletion: true,
      },
    ]);
    expect(controllerOf(o)?.name).toBe('web');
    expect(isOwnedBy(o, owner('web', 'default'))).toBe(true);
    expect(isOwnedBy(o, { metadata: { uid: 'other' } })).toBe(false);
  });

  it('refuses a second controller with AlreadyOwnedError and leaves the object as it was', () => {
    const o = cm('a');
    setControllerReference(owner('web', 'default'), o);
    const before = structuredClone(o);
    const e = thrown(() => setControllerReference(owner('other', 'default'), o));
    expect(isAlreadyOwned(e)).toBe(true);
    expect(e).toMatchObject({ reason: 'AlreadyOwned', retryable: false });
    expect((e as Error).message).toBe('ConfigMap default/a is already controlled by Deployment web');
    expect(o).toEqual(before);
  });

  it('refuses the swapped call: a child that has a controller cannot control its owner', () => {
    const parent = owner('web', 'default');
    const child = { ...cm('a'), metadata: { ...cm('a').metadata, uid: 'uid-a' } };
    setControllerReference(parent, child);
    const before = structuredClone(parent);
    // the client's former argument order was (object, owner)
    const e = thrown(() => setControllerReference(child, parent));
    expect(isInvalidOwner(e)).toBe(true);
    expect((e as Error).message).toMatch(/arguments swapped/);
    expect(isInvalidOwner(thrown(() => setOwnerReference(child, parent)))).toBe(true);
    expect(parent).toEqual(before);
    // nor can an object own itself
    expect(isInvalidOwner(thrown(() => setOwnerReference(child, child)))).toBe(true);
  });

  it('updates a reference to an owner recreated under the same name (new uid) in place', () => {
    const o = cm('a');
    setOwnerReference({ apiVersion: 'v1', kind: 'Node', metadata: { name: 'n1', uid: 'node-uid' } }, o);
    setControllerReference(owner('web', 'default'), o);
    setControllerReference(
      { ...owner('web', 'default'), metadata: { name: 'web', namespace: 'default', uid: 'new' } },
      o,
    );
    expect(o.metadata?.ownerReferences?.map((r) => [r.kind, r.uid])).toEqual([
      ['Node', 'node-uid'],
      ['Deployment', 'new'],
    ]);
  });
});

describe('setOwnerReference(owner, object)', () => {
  it('adds plain owners next to the controller', () => {
    const o = cm('a');
    setControllerReference(owner('web', 'default'), o);
    setOwnerReference({ ...owner('x', 'default'), kind: 'ReplicaSet' }, o);
    expect(o.metadata?.ownerReferences).toEqual([
      expect.objectContaining({ kind: 'Deployment', controller: true }),
      { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'x', uid: 'uid-x', blockOwnerDeletion: false },
    ]);
  });

  it('updates the reference to the same owner uid in place, keeping its controller flag', () => {
    const o = cm('a');
    setOwnerReference(owner('first', 'default'), o);
    setControllerReference(owner('web', 'default'), o);
    setOwnerReference(owner('last', 'default'), o);
    setOwnerReference(owner('web', 'default'), o, { blockOwnerDeletion: false });
    setOwnerReference(owner('first', 'default'), o, { blockOwnerDeletion: true });
    expect(o.metadata?.ownerReferences?.map((r) => [r.name, r.controller ?? false, r.blockOwnerDeletion])).toEqual([
      ['first', false, true],
      ['web', true, false],
      ['last', false, false],
    ]);
  });
});

describe('refusals of both', () => {
  it.each([
    ['apiVersion', { kind: 'Deployment', metadata: { name: 'web', uid: 'u' } }, 'owner.apiVersion'],
    ['kind', { apiVersion: 'apps/v1', metadata: { name: 'web', uid: 'u' } }, 'owner.kind'],
    ['name', { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { uid: 'u' } }, 'owner.metadata.name'],
    ['uid', { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' } }, 'owner.metadata.uid'],
  ] as const)('an owner without %s: InvalidInputError naming the field', (_, bad, field) => {
    for (const set of [setControllerReference, setOwnerReference]) {
      const o = cm('a');
      const e = thrown(() => set(bad, o));
      expect(isInvalidInput(e)).toBe(true);
      expect(e).toMatchObject({ field });
      expect(o.metadata?.ownerReferences).toBeUndefined();
    }
  });

  it('a namespaced owner of a cluster-scoped object or of one in another namespace: InvalidOwnerError', () => {
    const clusterScoped: KubeObject = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'n' } };
    for (const set of [setControllerReference, setOwnerReference]) {
      const cluster = thrown(() => set(owner('web', 'default'), clusterScoped));
      expect(isInvalidOwner(cluster)).toBe(true);
      expect((cluster as Error).message).toMatch(/cluster-scoped Namespace n cannot be owned by namespaced/);
      const cross = thrown(() => set(owner('web', 'elsewhere'), cm('b')));
      expect(isInvalidOwner(cross)).toBe(true);
      expect((cross as Error).message).toMatch(/cross-namespace/);
    }
    expect(clusterScoped.metadata?.ownerReferences).toBeUndefined();
  });

  it('a cluster-scoped owner may own namespaced and cluster-scoped objects', () => {
    const node: KubeObject = { apiVersion: 'v1', kind: 'Node', metadata: { name: 'n1', uid: 'u' } };
    const o = cm('c');
    setOwnerReference(node, o);
    const ns: KubeObject = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'n' } };
    setControllerReference(node, ns);
    expect(isOwnedBy(o, node) && isOwnedBy(ns, node)).toBe(true);
  });
});
