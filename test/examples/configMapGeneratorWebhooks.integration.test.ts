/**
 * The example operator's webhooks (docs/webhooks.md) called by the real kube-apiserver: the
 * defaulter's name is stored, bad data keys and a changed configMapName are refused with the
 * validator's message, a short refresh period warns. The configurations select this file's
 * namespace only (the CRD is shared with the operator's own suite).
 */
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { Client } from '@kubekit/client';
import { isApiError, silentLogger } from '@kubekit/core';
import { Manager } from '@kubekit/manager';
import { type InstalledWebhooks, installCrds, installWebhooks, type TestNamespace } from '@kubekit/testing';
import { ConfigMapGenerator } from '../../packages/examples/src/configMapGenerator.js';
import {
  configMapGeneratorWebhooks,
  webhookConfigurations,
} from '../../packages/examples/src/configMapGeneratorWebhooks.js';
import { describeReal, realServer } from '../support/realServer.js';

describeReal('the ConfigMapGenerator webhooks on the real API server', () => {
  let ns: TestNamespace;
  let client: Client;
  let hooks: InstalledWebhooks;
  const warnings: string[] = [];
  const stop = new AbortController();
  let running: Promise<void>;

  /** A generator as a user writes it (spec fields with defaults may be left out). */
  const generator = (name: string, spec: Partial<ConfigMapGenerator['spec']>) => ({
    apiVersion: 'example.kubekit.dev/v1',
    kind: 'ConfigMapGenerator',
    metadata: { name, namespace: ns.name },
    spec,
  });

  async function message(write: Promise<unknown>): Promise<string | undefined> {
    const e = await write.then(
      () => undefined,
      (err: unknown) => err,
    );
    if (!isApiError(e)) throw new Error(`expected an API error, got ${String(e)}`);
    return e.status.message;
  }

  beforeAll(async () => {
    const kc = realServer().kubeConfig();
    await installCrds(kc, [ConfigMapGenerator.crd]);
    ns = await realServer().namespace('cmg-webhooks');
    client = new Client({ kubeConfig: kc, onWarning: (w) => warnings.push(w) });
    // the manager's webhook server must listen where the configurations point: install first
    const namespaceSelector = { matchLabels: { 'kubernetes.io/metadata.name': ns.name } };
    const declared = new Manager({ kubeConfig: kc, logger: silentLogger });
    configMapGeneratorWebhooks(declared, { namespaceSelector });
    const { validating, mutating } = webhookConfigurations(declared, { name: `configmapgenerators-${ns.name}` });
    if (!validating || !mutating) throw new Error('both webhooks are declared');
    hooks = await installWebhooks(kc, { validating: [validating], mutating: [mutating] });
    const mgr = new Manager({
      kubeConfig: kc,
      logger: silentLogger,
      webhook: { port: hooks.port, bindAddress: hooks.host, certDir: hooks.certDir },
    });
    configMapGeneratorWebhooks(mgr, { namespaceSelector });
    running = mgr.start(stop.signal);
    await mgr.webhookServer.port;
    // wait until the API server applies both configurations
    for (;;) {
      const dry = (await client.create(generator('probe', { data: {} }), {
        dryRun: true,
      })) as unknown as ConfigMapGenerator;
      const refused = await client.create(generator('probe', { data: { 'a b': 'x' } }), { dryRun: true }).then(
        () => false,
        () => true,
      );
      if (dry.spec.configMapName === 'probe-generated' && refused) break;
    }
  });

  afterAll(async () => {
    await hooks?.uninstall();
    stop.abort();
    await running;
    client?.close();
    await ns?.cleanup();
  });

  it('stores the defaulted configMapName', async () => {
    await client.create(generator('one', { data: { a: '1' } }));
    const stored = await client.get(ConfigMapGenerator, 'one', { namespace: ns.name });
    expect(stored.spec.configMapName).toBe('one-generated');
  });

  it('refuses data keys a ConfigMap cannot hold, with the validator message', async () => {
    expect(await message(client.create(generator('two', { data: { 'not ok': '1', fine: '2' } })))).toBe(
      'admission webhook "vconfigmapgenerator.example.kubekit.dev" denied the request: spec.data keys not ok are not valid ConfigMap keys',
    );
  });

  it('keeps configMapName immutable and warns about short refresh periods', async () => {
    await client.create(generator('three', { configMapName: 'mine' }));
    const created = await client.get(ConfigMapGenerator, 'three', { namespace: ns.name });
    expect(await message(client.update({ ...created, spec: { ...created.spec, configMapName: 'theirs' } }))).toBe(
      'admission webhook "vconfigmapgenerator.example.kubekit.dev" denied the request: spec.configMapName is immutable (was mine)',
    );
    warnings.length = 0;
    await client.update({ ...created, spec: { ...created.spec, refreshSeconds: 5 } });
    expect(warnings).toContain('refreshSeconds 5 is below 10: much API traffic');
  });
});
