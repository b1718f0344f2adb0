/**
 * Type-level tests of the generic API (checked by `tsc -p test`), run against a scripted server so
 * the calls are real: a descriptor gives typed objects, a bare GVK gives unstructured ones.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { builtinKinds, Client, type Reader, type Writer } from '@kubekit/client';
import { defineKind, type KubeObject, type ObjectOf, type Pod, type UnstructuredObject } from '@kubekit/core';
import { ScriptedServer } from '../support/scriptedServer.js';

interface Sprocket extends KubeObject {
  spec: { teeth: number };
}
const Sprocket = defineKind<Sprocket>({
  apiVersion: 'g.io/v1',
  kind: 'Sprocket',
  plural: 'sprockets',
  scope: 'Cluster',
});

// compile-time checks: each line fails `tsc` if the types drift
type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
const typed: Equal<ObjectOf<typeof Sprocket>, Sprocket> = true;
const pods: Equal<ObjectOf<typeof builtinKinds.Pod>, Pod> = true;
const bare: Equal<ObjectOf<{ apiVersion: string; kind: string }>, UnstructuredObject> = true;

describe('generic types', () => {
  let server: ScriptedServer;
  let client: Client;
  beforeAll(async () => {
    server = await ScriptedServer.start(() => ({
      status: 200,
      body: { apiVersion: 'g.io/v1', kind: 'Sprocket', metadata: { name: 's' }, spec: { teeth: 12 } },
    }));
    client = new Client({ kubeConfig: server.kubeConfig(), qps: 0, kinds: [...Object.values(builtinKinds), Sprocket] });
  });
  afterAll(async () => {
    client.close();
    await server.stop();
  });

  it('reads of a descriptor are typed; reads of a bare GVK are unstructured', async () => {
    expect([typed, pods, bare]).toEqual([true, true, true]);
    const s = await client.get(Sprocket, 's');
    const teeth: number = s.spec.teeth;
    // @ts-expect-error a Sprocket has no `replicas`
    expect(s.spec.replicas).toBeUndefined();
    const u = await client.get({ apiVersion: 'g.io/v1', kind: 'Sprocket' }, 's', {});
    expect(teeth).toBe(12);
    expect(u.spec).toEqual({ teeth: 12 });
  });

  it('the client is usable as a Reader and a Writer', async () => {
    const reader: Reader = client;
    const writer: Writer = client;
    const created = await writer.create<Sprocket>({
      apiVersion: 'g.io/v1',
      kind: 'Sprocket',
      metadata: { name: 's' },
      spec: { teeth: 1 },
    });
    expect(created.metadata?.name).toBe('s');
    expect((await reader.list(Sprocket)).items).toBeDefined();
  });

  it('a write with the kind option is typed by the descriptor: the object is checked, the answer typed', async () => {
    const Counted = defineKind<Sprocket & { spec: { count: number } }>({
      apiVersion: 'g.io/v1',
      kind: 'Sprocket',
      plural: 'sprockets',
      scope: 'Cluster',
      decode: (wire) => ({ ...(wire as Sprocket), spec: { teeth: (wire as Sprocket).spec.teeth, count: 1 } }),
    });
    const body = { apiVersion: 'g.io/v1', kind: 'Sprocket', metadata: { name: 's' }, spec: { teeth: 1, count: 1 } };
    const created = await client.create(body, { kind: Counted });
    const count: number = created.spec.count;
    expect(count).toBe(1);
    // @ts-expect-error the object must be the descriptor's type
    await client.update({ ...body, spec: { teeth: 1 } }, { kind: Counted }).catch(() => undefined);
    const writer: Writer = client;
    const applied = await writer.update({ ...body, metadata: { name: 's', resourceVersion: '1' } }, { kind: Counted });
    expect(applied.spec.count).toBe(1);
  });
});
