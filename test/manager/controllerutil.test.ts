/** controllerutil on the in-process fake client: createOrUpdate/Patch, finalizers (owner references: test/client/ownerReferences.test.ts). */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { builtinKinds } from '@kubekit/client';
import type { KubeObject } from '@kubekit/core';
import {
  addFinalizer,
  containsFinalizer,
  createOrPatch,
  createOrUpdate,
  handleFinalizer,
  removeFinalizer,
} from '@kubekit/manager';
import { FakeClient } from '@kubekit/testing';

const cm = (name: string, namespace = 'default'): KubeObject & { data?: Record<string, string> } => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name, namespace },
});

describe('createOrUpdate / createOrPatch / finalizers', () => {
  let client: FakeClient;
  beforeAll(async () => {
    client = await FakeClient.create();
  });
  afterAll(() => client.close());

  it('createOrUpdate: created, then unchanged, then updated', async () => {
    const mutate = (o: ReturnType<typeof cm>) => {
      o.data = { key: 'v1' };
    };
    expect((await createOrUpdate(client, cm('cou'), mutate)).operation).toBe('created');
    expect((await createOrUpdate(client, cm('cou'), mutate)).operation).toBe('unchanged');
    const r = await createOrUpdate(client, cm('cou'), (o) => {
      o.data = { key: 'v2' };
    });
    expect(r.operation).toBe('updated');
    expect((await client.get(builtinKinds.ConfigMap, 'cou', { namespace: 'default' })).data).toEqual({ key: 'v2' });
  });

  it('createOrPatch: writes only what changed', async () => {
    const setA = (o: ReturnType<typeof cm>) => {
      o.data = { a: '1' };
    };
    expect((await createOrPatch(client, cm('cop'), setA)).operation).toBe('created');
    expect((await createOrPatch(client, cm('cop'), setA)).operation).toBe('unchanged');
    const r = await createOrPatch(client, cm('cop'), (o) => {
      o.data = { b: '2' };
    });
    expect(r.operation).toBe('updated');
    expect((await client.get(builtinKinds.ConfigMap, 'cop', { namespace: 'default' })).data).toEqual({ b: '2' });
  });

  it('createOrUpdate and createOrPatch refuse an object without a name, writing nothing', async () => {
    const before = (await client.list(builtinKinds.ConfigMap, { namespace: 'default' })).items.length;
    const unnamed = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { namespace: 'default' } };
    for (const write of [createOrUpdate, createOrPatch]) {
      await expect(write(client, unnamed, () => undefined)).rejects.toMatchObject({
        reason: 'InvalidInput',
        field: 'metadata.name',
      });
    }
    expect((await client.list(builtinKinds.ConfigMap, { namespace: 'default' })).items).toHaveLength(before);
  });

  it('finalizer helpers add, remove and check', () => {
    const o = cm('f');
    expect(addFinalizer(o, 'x/y')).toBe(true);
    expect(addFinalizer(o, 'x/y')).toBe(false);
    expect(containsFinalizer(o, 'x/y')).toBe(true);
    expect(removeFinalizer(o, 'x/y')).toBe(true);
    expect(removeFinalizer(o, 'x/y')).toBe(false);
  });

  it('handleFinalizer adds the finalizer, runs cleanup on deletion, then lets the object go', async () => {
    const created = await client.create(cm('fin'));
    const cleaned: string[] = [];
    const cleanup = (o: KubeObject) => {
      cleaned.push(o.metadata?.name ?? '');
    };
    expect(await handleFinalizer(client, created, 'example.dev/cleanup', cleanup)).toBe('added');
    const withF = await client.get(builtinKinds.ConfigMap, 'fin', { namespace: 'default' });
    expect(withF.metadata?.finalizers).toEqual(['example.dev/cleanup']);
    expect(await handleFinalizer(client, withF, 'example.dev/cleanup', cleanup)).toBe('present');
    await client.delete(builtinKinds.ConfigMap, 'fin', { namespace: 'default' });
    const deleting = await client.get(builtinKinds.ConfigMap, 'fin', { namespace: 'default' }); // held by the finalizer
    expect(await handleFinalizer(client, deleting, 'example.dev/cleanup', cleanup)).toBe('finalized');
    expect(cleaned).toEqual(['fin']);
    await expect(client.get(builtinKinds.ConfigMap, 'fin', { namespace: 'default' })).rejects.toMatchObject({
      reason: 'NotFound',
    });
  });

  it('handleFinalizer keeps the finalizer when cleanup fails', async () => {
    await client.create({
      ...cm('fin2'),
      metadata: { name: 'fin2', namespace: 'default', finalizers: ['example.dev/cleanup'] },
    });
    await client.delete(builtinKinds.ConfigMap, 'fin2', { namespace: 'default' });
    const deleting = await client.get(builtinKinds.ConfigMap, 'fin2', { namespace: 'default' });
    await expect(
      handleFinalizer(client, deleting, 'example.dev/cleanup', () => {
        throw new Error('external system down');
      }),
    ).rejects.toThrow('external system down');
    const still = await client.get(builtinKinds.ConfigMap, 'fin2', { namespace: 'default' });
    expect(still.metadata?.finalizers).toEqual(['example.dev/cleanup']);
  });
});
