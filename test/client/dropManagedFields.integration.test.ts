/**
 * `dropManagedFields` on the real kube-apiserver: a list and a watch (streaming list included) give
 * the objects without `metadata.managedFields` and otherwise as the server sends them.
 */

import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { Client } from '@kubekit/client';
import type { KubeObject } from '@kubekit/core';
import type { TestNamespace } from '@kubekit/testing';
import { describeReal, realServer, serverStreamsLists } from '../support/realServer.js';

const ConfigMap = { apiVersion: 'v1', kind: 'ConfigMap', plural: 'configmaps', scope: 'Namespaced' } as const;

describeReal('dropManagedFields on the real API server', () => {
  let ns: TestNamespace;
  let client: Client;
  beforeAll(async () => {
    ns = await realServer().namespace('drop-mf');
    client = new Client({ kubeConfig: realServer().kubeConfig() });
    for (const name of ['a', 'b']) {
      await client.create({
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name, namespace: ns.name },
        data: { k: name },
      });
      await client.patch(
        ConfigMap,
        name,
        { type: 'merge', patch: { data: { k2: 'v' } } },
        {
          namespace: ns.name,
          fieldManager: 'second-manager',
        },
      );
    }
  });
  afterAll(async () => {
    client?.close();
    await ns?.cleanup();
  });

  const strip = (o: KubeObject) => {
    const { managedFields: _m, ...metadata } = o.metadata as Record<string, unknown>;
    return { ...o, metadata };
  };

  it('list: the same objects without managedFields', async () => {
    const full = await client.list(ConfigMap, { namespace: ns.name });
    expect(full.items.every((o) => (o.metadata as { managedFields?: unknown[] }).managedFields?.length === 2)).toBe(
      true,
    );
    const lean = await client.list(ConfigMap, { namespace: ns.name, dropManagedFields: true });
    expect(lean.items).toEqual(full.items.map(strip));
  });

  it('watch: events carry the objects without managedFields', async () => {
    const full = await client.list(ConfigMap, { namespace: ns.name });
    const stop = new AbortController();
    const seen: KubeObject[] = [];
    for await (const e of client.watch(ConfigMap, {
      namespace: ns.name,
      dropManagedFields: true,
      signal: stop.signal,
      ...(serverStreamsLists
        ? { sendInitialEvents: true, resourceVersionMatch: 'NotOlderThan' }
        : { resourceVersion: '0' }),
    })) {
      if (e.type === 'ADDED') seen.push(e.object);
      if (seen.length === 2) break;
    }
    stop.abort();
    seen.sort((x, y) => (x.metadata?.name ?? '').localeCompare(y.metadata?.name ?? ''));
    expect(seen).toEqual(full.items.map(strip));
  });
});
