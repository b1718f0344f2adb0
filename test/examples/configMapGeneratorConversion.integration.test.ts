/**
 * The example operator with its conversion webhook, on a real kube-apiserver of this file's own: a
 * ConfigMapGenerator created and edited at `v1alpha1` is converted by the manager's webhook to
 * `v1` (the storage version the controller reads and writes), reconciled, and reads back at
 * `v1alpha1` without loss, status included. The CRD's conversion is `Webhook` only here: the shared
 * server's suites install the same CRD with the default `None` (each install replaces it), so this
 * suite starts its own server rather than flip the shared CRD under them.
 */
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { builtinKinds, Client } from '@kubekit/client';
import { isNotFound, silentLogger } from '@kubekit/core';
import { Manager } from '@kubekit/manager';
import { TestEnvironment } from '@kubekit/testing';
import {
  type ConfigMap,
  ConfigMapGenerator,
  ConfigMapGeneratorV1alpha1,
  configMapGeneratorController,
  FINALIZER,
  isConverged,
} from '../../packages/examples/src/configMapGenerator.js';
import {
  configMapGeneratorConversionWebhook,
  crdWithConversionWebhook,
} from '../../packages/examples/src/configMapGeneratorWebhooks.js';
import { describeReal } from '../support/realServer.js';

describeReal('the ConfigMapGenerator conversion webhook on a real API server', () => {
  const namespace = 'legacy';
  let env: TestEnvironment;
  let client: Client;
  const stop = new AbortController();
  let running: Promise<void> | undefined;

  /** A v1alpha1 generator as a user of the old version writes it. */
  const old = (name: string, spec: ConfigMapGeneratorV1alpha1['spec']) => ({
    apiVersion: ConfigMapGeneratorV1alpha1.apiVersion,
    kind: 'ConfigMapGenerator',
    metadata: { name, namespace },
    spec,
  });

  async function eventually<T>(read: () => Promise<T>, check: (v: T) => boolean): Promise<T> {
    for (let i = 0; i < 1000; i++) {
      const v = await read();
      if (check(v)) return v;
      await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error('did not converge');
  }

  const generated = (name: string) =>
    client
      .get(builtinKinds.ConfigMap, name, { namespace })
      .then((c): ConfigMap | undefined => c)
      .catch((e: unknown) => (isNotFound(e) ? undefined : Promise.reject(e)));

  beforeAll(async () => {
    env = await TestEnvironment.start({
      crds: [ConfigMapGenerator.crd],
      webhooks: { conversion: { crds: [ConfigMapGenerator.crd.metadata.name] } },
    });
    const hooks = env.webhooks;
    if (!hooks) throw new Error('webhooks were asked for');
    const kc = env.kubeConfig;
    client = new Client({ kubeConfig: kc, kinds: [ConfigMapGeneratorV1alpha1, ConfigMapGenerator] });
    await client.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace } });
    const mgr = new Manager({
      kubeConfig: kc,
      logger: silentLogger,
      webhook: { port: hooks.port, bindAddress: hooks.host, certDir: hooks.certDir },
    });
    configMapGeneratorController(mgr);
    configMapGeneratorConversionWebhook(mgr);
    running = mgr.start(stop.signal);
    await mgr.webhookServer.port;
    // until the API server converts through the webhook (with strategy None it would only relabel
    // the object and prune spec.configMap, which v1 does not have)
    await eventually(
      () =>
        client.create(old('probe', { configMap: { data: { k: 'v' } }, refreshSeconds: 0 }), { dryRun: true }).then(
          (o) => (o as ConfigMapGeneratorV1alpha1).spec.configMap?.data?.k,
          () => undefined,
        ),
      (k) => k === 'v',
    );
  });

  afterAll(async () => {
    stop.abort();
    await running;
    client?.close();
    await env?.stop();
  });

  it('reconciles a generator created at v1alpha1 and reads it back at v1alpha1 without loss', async () => {
    const spec = { configMap: { name: 'legacy-out', data: { color: 'blue', size: 'L' } }, refreshSeconds: 30 };
    const created = await client.create(old('app', spec), { kind: ConfigMapGeneratorV1alpha1 });
    expect(created.spec).toEqual(spec);

    // the controller reads v1: converted by the webhook
    const atV1 = await eventually(
      async () => ({
        g: await client.get(ConfigMapGenerator, 'app', { namespace }),
        out: await generated('legacy-out'),
      }),
      ({ g, out }) => isConverged(g, out),
    );
    expect(atV1.g.spec).toEqual({
      data: { color: 'blue', size: 'L' },
      configMapName: 'legacy-out',
      refreshSeconds: 30,
    });
    expect(atV1.out?.data).toEqual({ color: 'blue', size: 'L' });

    // back at v1alpha1: the same spec, with the status and finalizer the controller wrote at v1
    const back = await client.get(ConfigMapGeneratorV1alpha1, 'app', { namespace });
    expect(back.apiVersion).toBe('example.kubekit.dev/v1alpha1');
    expect(back.spec).toEqual(spec);
    expect(back.metadata.uid).toBe(created.metadata.uid);
    expect(back.metadata.finalizers).toEqual([FINALIZER]);
    expect(back.status).toEqual(atV1.g.status);
    expect(back.status?.conditions?.[0]).toMatchObject({ type: 'Ready', status: 'True' });
  });

  it('follows an edit made at v1alpha1, lists both versions at either, and finalizes a delete at v1alpha1', async () => {
    await client.patch(
      ConfigMapGeneratorV1alpha1,
      'app',
      { type: 'merge', patch: { spec: { configMap: { data: { color: 'green' } } } } },
      { namespace },
    );
    await eventually(
      () => generated('legacy-out'),
      (out) => JSON.stringify(out?.data) === JSON.stringify({ color: 'green', size: 'L' }),
    );
    const atV1 = await client.get(ConfigMapGenerator, 'app', { namespace });
    expect(atV1.spec.data).toEqual({ color: 'green', size: 'L' });

    await client.create({
      apiVersion: ConfigMapGenerator.apiVersion,
      kind: 'ConfigMapGenerator',
      metadata: { name: 'new', namespace },
      spec: { data: { a: '1' } },
    });
    const list = await client.list(ConfigMapGeneratorV1alpha1, { namespace });
    expect(Object.fromEntries(list.items.map((g) => [g.metadata.name, g.spec]))).toEqual({
      app: { configMap: { name: 'legacy-out', data: { color: 'green', size: 'L' } }, refreshSeconds: 30 },
      new: { configMap: { data: { a: '1' } }, refreshSeconds: 0 },
    });

    await client.delete(ConfigMapGeneratorV1alpha1, 'app', { namespace });
    await eventually(
      () => client.get(ConfigMapGeneratorV1alpha1, 'app', { namespace }).then(() => false, isNotFound),
      (gone) => gone,
    );
    expect(await generated('legacy-out')).toBeUndefined();
  });

  it('crdWithConversionWebhook is a CRD the API server accepts, calling /convert of the Service', async () => {
    const crdKind = { apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition' } as const;
    const installed = await client.get(crdKind, ConfigMapGenerator.crd.metadata.name);
    const manifest = crdWithConversionWebhook({ service: { namespace: 'ops', name: 'cmg-webhooks' } });
    const accepted = (await client.update(
      { ...manifest, metadata: { ...manifest.metadata, resourceVersion: installed.metadata?.resourceVersion } },
      { dryRun: true },
    )) as unknown as typeof manifest;
    expect(accepted.spec.conversion).toEqual({
      strategy: 'Webhook',
      webhook: {
        conversionReviewVersions: ['v1'],
        clientConfig: { service: { namespace: 'ops', name: 'cmg-webhooks', path: '/convert', port: 443 } },
      },
    });
    expect(accepted.spec.versions.map((v) => [v.name, v.storage])).toEqual([
      ['v1alpha1', false],
      ['v1', true],
    ]);
  });
});
