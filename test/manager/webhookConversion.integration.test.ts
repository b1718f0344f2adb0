/**
 * CRD conversion served by the manager and called by the real kube-apiserver: a Gadget with a
 * v1alpha1 spoke (`spec.inches`) and a v1 hub (`spec.size: { value, unit }`, storage), converted by
 * `defineConversion` hub-and-spoke converters through `conversionWebhook`. Objects are created at
 * one version and read, listed and watched at the other; the shared fields survive a round trip;
 * a conversion that throws surfaces as the server's error with our message. The CRD's group is
 * this file's own, so other suites on the shared server never meet it; it is deleted afterwards.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { Client } from '@kubekit/client';
import { isApiError, type KubeObject, silentLogger } from '@kubekit/core';
import { defineConversion, defineCustomResource, isCrdError } from '@kubekit/crd';
import { conversionWebhook, Manager } from '@kubekit/manager';
import { type InstalledWebhooks, installCrds, installWebhooks, type TestNamespace } from '@kubekit/testing';
import { z } from 'zod';
import { describeReal, realServer } from '../support/realServer.js';

const group = `conv-${randomBytes(3).toString('hex')}.kubekit.dev`;
const Gadget = defineCustomResource({
  group,
  kind: 'Gadget',
  versions: {
    v1alpha1: { spec: z.object({ color: z.string(), inches: z.number() }), storage: false },
    v1: {
      spec: z.object({ color: z.string(), size: z.object({ value: z.number(), unit: z.enum(['in', 'cm']) }) }),
      storage: true,
    },
  },
});
const { v1alpha1, v1 } = Gadget.versions;

const gadgetConversion = defineConversion(Gadget, {
  hub: 'v1',
  spokes: {
    v1alpha1: {
      toHub: (old) => ({
        ...old,
        spec: { color: old.spec.color, size: { value: old.spec.inches, unit: 'in' as const } },
      }),
      fromHub: (hub) => {
        if (hub.spec.color === 'unconvertible') throw new Error('color unconvertible has no v1alpha1 form');
        const { value, unit } = hub.spec.size;
        return { ...hub, spec: { color: hub.spec.color, inches: unit === 'in' ? value : value / 2.54 } };
      },
    },
  },
});

describeReal('CRD conversion webhooks on the real API server', () => {
  let ns: TestNamespace;
  let client: Client;
  let hooks: InstalledWebhooks;
  const stop = new AbortController();
  let running: Promise<void>;

  beforeAll(async () => {
    const kc = realServer().kubeConfig();
    await installCrds(kc, [Gadget.crd]);
    ns = await realServer().namespace('conversion');
    client = new Client({ kubeConfig: kc, kinds: [v1alpha1, v1] });
    hooks = await installWebhooks(kc, { conversion: { crds: [Gadget.crd.metadata.name] } });
    const mgr = new Manager({
      kubeConfig: kc,
      logger: silentLogger,
      webhook: { port: hooks.port, bindAddress: hooks.host, certDir: hooks.certDir },
    });
    mgr.webhookServer.register('/convert', conversionWebhook(gadgetConversion));
    running = mgr.start(stop.signal);
    await mgr.webhookServer.port;
    // until the API server converts through the webhook (with strategy None it would only relabel)
    for (;;) {
      const probe = await client
        .create(
          {
            apiVersion: v1alpha1.apiVersion,
            kind: 'Gadget',
            metadata: { name: 'probe', namespace: ns.name },
            spec: { color: 'x', inches: 1 },
          },
          { dryRun: true },
        )
        .then(
          (o) => o as KubeObject & { spec: Record<string, unknown> },
          () => undefined,
        );
      if (probe?.spec.inches === 1) break;
    }
  });

  afterAll(async () => {
    await hooks?.uninstall();
    stop.abort();
    await running;
    await client
      ?.delete({ apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition' }, Gadget.crd.metadata.name)
      .catch(() => undefined);
    client?.close();
    await ns?.cleanup();
  });

  it('creates at v1alpha1, reads at v1 and back without loss', async () => {
    const created = await client.create(
      {
        apiVersion: v1alpha1.apiVersion,
        kind: 'Gadget',
        metadata: { name: 'a', namespace: ns.name, labels: { l: '1' } },
        spec: { color: 'red', inches: 12 },
      },
      { kind: v1alpha1 },
    );
    expect(created.spec).toEqual({ color: 'red', inches: 12 });
    const atV1 = await client.get(v1, 'a', { namespace: ns.name });
    expect(atV1.apiVersion).toBe(`${group}/v1`);
    expect(atV1.spec).toEqual({ color: 'red', size: { value: 12, unit: 'in' } });
    expect(atV1.metadata.labels).toEqual({ l: '1' });
    const back = await client.get(v1alpha1, 'a', { namespace: ns.name });
    expect(back.spec).toEqual(created.spec);
    expect(back.metadata.uid).toBe(created.metadata.uid);
  });

  it('lists a collection holding objects written at both versions, at either version', async () => {
    await client.create(
      {
        apiVersion: v1.apiVersion,
        kind: 'Gadget',
        metadata: { name: 'b', namespace: ns.name },
        spec: { color: 'blue', size: { value: 25.4, unit: 'cm' } },
      },
      { kind: v1 },
    );
    const old = await client.list(v1alpha1, { namespace: ns.name });
    expect(Object.fromEntries(old.items.map((g) => [g.metadata.name, g.spec]))).toEqual({
      a: { color: 'red', inches: 12 },
      b: { color: 'blue', inches: 10 },
    });
    const hub = await client.list(v1, { namespace: ns.name });
    expect(hub.items.map((g) => g.apiVersion)).toEqual([`${group}/v1`, `${group}/v1`]);
  });

  it('watches at the other version', async () => {
    const list = await client.list(v1alpha1, { namespace: ns.name });
    const events = client.watch(v1alpha1, {
      namespace: ns.name,
      resourceVersion: list.metadata?.resourceVersion,
      allowWatchBookmarks: false,
    });
    await client.create(
      {
        apiVersion: v1.apiVersion,
        kind: 'Gadget',
        metadata: { name: 'c', namespace: ns.name },
        spec: { color: 'green', size: { value: 3, unit: 'in' } },
      },
      { kind: v1 },
    );
    for await (const event of events) {
      if (event.type === 'ADDED' && event.object.metadata.name === 'c') {
        expect(event.object.apiVersion).toBe(`${group}/v1alpha1`);
        expect(event.object.spec).toEqual({ color: 'green', inches: 3 });
        break;
      }
    }
  });

  it("a conversion error surfaces as the server's error with our message", async () => {
    await client.create(
      {
        apiVersion: v1.apiVersion,
        kind: 'Gadget',
        metadata: { name: 'odd', namespace: ns.name },
        spec: { color: 'unconvertible', size: { value: 1, unit: 'in' } },
      },
      { kind: v1 },
    );
    const error = await client.get(v1alpha1, 'odd', { namespace: ns.name }).catch((e: unknown) => e);
    expect(isApiError(error)).toBe(true);
    expect((error as { status: { message?: string } }).status.message).toContain(
      `cannot convert Gadget ${ns.name}/odd from ${group}/v1 to ${group}/v1alpha1: v1 to v1alpha1: color unconvertible has no v1alpha1 form`,
    );
    await client.delete(v1, 'odd', { namespace: ns.name });
  });
});

it('the converter checks objects against the versions’ schemas (no API server)', () => {
  const bad = { apiVersion: `${group}/v1alpha1`, kind: 'Gadget', metadata: { name: 'x' }, spec: { color: 'red' } };
  let error: unknown;
  try {
    gadgetConversion.convert(bad, `${group}/v1`);
  } catch (e) {
    error = e;
  }
  expect(isCrdError(error, 'ConversionFailed')).toBe(true);
  expect((error as Error).message).toMatch(
    /^cannot convert Gadget x from .*v1alpha1 to .*v1: not a valid v1alpha1: invalid Gadget .*spec.inches/,
  );
  expect(() => defineConversion(Gadget, { hub: 'v1', spokes: {} as never })).toThrow(
    'version v1alpha1 has no conversion to and from hub v1',
  );
});
