/**
 * The types of built-in kinds say what is on the wire (checked by `tsc -p test`, run on a
 * FakeClient): timestamps are strings, metadata has the server's fields, `indexField` and
 * `createOrUpdate` are typed by the kind, and FakeClient takes any kind's objects.
 */
import { describe, expect, it } from '@jest/globals';
import { InformerCache } from '@kubekit/cache';
import { builtinKinds } from '@kubekit/client';
import type { ConfigMap, Deployment, KubeObject, ObjectMeta, ObjectOf, Pod } from '@kubekit/core';
import { createOrUpdate } from '@kubekit/manager';
import { FakeClient, type FakeClientOptions } from '@kubekit/testing';

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
const check = <T extends true>(_: T) => undefined;

interface Gadget extends KubeObject {
  spec: { size: number };
}

describe('plain-JSON types of built-in kinds', () => {
  it('timestamps are RFC 3339 strings, not Dates', async () => {
    using client = await FakeClient.create({
      objects: [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a', namespace: 'default' } }],
    });
    const cm = await client.get(builtinKinds.ConfigMap, 'a', { namespace: 'default' });
    check<Equal<typeof cm, ConfigMap>>(true);
    const created = cm.metadata?.creationTimestamp;
    check<Equal<typeof created, string | undefined>>(true);
    expect(typeof created).toBe('string');
    expect(Number.isNaN(Date.parse(created ?? ''))).toBe(false);
    // @ts-expect-error creationTimestamp is a string on the wire: there is no getTime()
    expect(() => cm.metadata?.creationTimestamp?.getTime()).toThrow(TypeError);
    const meta: ObjectMeta = cm.metadata ?? {};
    // @ts-expect-error deletionTimestamp is a string too
    meta.deletionTimestamp?.toISOString();
    check<Equal<ObjectMeta['managedFields'], import('@kubekit/core').ManagedFieldsEntry[] | undefined>>(true);
    check<Equal<ObjectMeta['deletionGracePeriodSeconds'], number | undefined>>(true);
    check<Equal<ObjectMeta['generation'], number | undefined>>(true);
  });

  it('built-in kinds are plain JSON: quantities and int-or-string as on the wire', () => {
    type Container = NonNullable<Pod['spec']>['containers'][number];
    check<Equal<NonNullable<NonNullable<Container['resources']>['limits']>[string], string>>(true);
    type Strategy = NonNullable<NonNullable<Deployment['spec']>['strategy']>;
    check<Equal<NonNullable<Strategy['rollingUpdate']>['maxSurge'], number | string | undefined>>(true);
    check<Equal<ObjectOf<typeof builtinKinds.Deployment>, Deployment>>(true);
  });

  it('createOrUpdate takes a built-in kind and types mutate with it, no cast', async () => {
    using client = await FakeClient.create();
    const first = await createOrUpdate(
      client,
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'gen', namespace: 'default' } },
      (cm) => {
        cm.data = { a: '1' };
      },
      { kind: builtinKinds.ConfigMap },
    );
    check<Equal<typeof first.object, ConfigMap>>(true);
    expect(first.operation).toBe('created');
    const second = await createOrUpdate(
      client,
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'gen', namespace: 'default' } },
      (cm) => {
        cm.data = { ...cm.data, b: '2' };
      },
      { kind: builtinKinds.ConfigMap },
    );
    expect(second.operation).toBe('updated');
    expect(second.object.data).toEqual({ a: '1', b: '2' });
  });

  it("indexField's extractor gets the kind's type", () => {
    const cache = new InformerCache({ client: {} as never });
    cache.indexField(builtinKinds.Pod, 'spec.nodeName', (pod) => {
      check<Equal<typeof pod, Pod>>(true);
      return [pod.spec?.nodeName ?? ''];
    });
    // @ts-expect-error a Pod has no `data`
    cache.indexField(builtinKinds.Pod, 'data', (pod) => [pod.data]);
    expect(cache.hasIndex(builtinKinds.Pod, 'spec.nodeName')).toBe(true);
  });

  it("FakeClient's objects take any kind's objects, typed or literal", async () => {
    const gadget: Gadget = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'g' }, spec: { size: 1 } };
    const cm: ConfigMap = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'default' } };
    // compiles: a typed object of any kind, a built-in kind's type, and a literal with a spec
    const options: FakeClientOptions = {
      objects: [gadget, cm, { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd' }, spec: {} }],
    };
    expect(options.objects).toHaveLength(3);
    using client = await FakeClient.create({ objects: [cm] });
    expect((await client.get(builtinKinds.ConfigMap, 'c', { namespace: 'default' })).metadata?.name).toBe('c');
  });
});
