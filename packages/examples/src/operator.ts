/**
 * `pnpm start`: the example operator against the embedded default cluster.
 *
 * Starts kubekit's in-memory API server seeded with demo objects and the ConfigMapGenerator CRD
 * (or, with `--real`, a real API server: kubekit's kube-apiserver harness, with the namespace
 * `demo` created), creates two ConfigMapGenerators, and runs the operator on a kubekit `Manager` until Ctrl-C, logging each
 * reconcile. While it runs, point kubectl at the kubeconfig it prints and edit generators, or the
 * generated ConfigMaps, to watch them reconciled.
 *
 * `--webhooks` (implies `--real`: the in-memory server calls no webhooks) also serves the
 * generator's admission webhooks and its `v1alpha1` <-> `v1` conversion on the manager's webhook
 * server, installs their configurations and the CRD's `Webhook` conversion pointing at it
 * (`installWebhooks` of `@kubekit/testing`), and creates the second generator at `v1alpha1`.
 *
 * `--until-converged` exits 0 once both generators are Ready and their ConfigMaps hold their data,
 * and 1 if that has not happened within 60 s (used by CI as a smoke run).
 */
import { builtinKinds, Client } from '@kubekit/client';
import { consoleLogger } from '@kubekit/core';
import { Manager } from '@kubekit/manager';
import { FakeApiServer, type InstalledWebhooks, installWebhooks, TestEnvironment } from '@kubekit/testing';
import {
  type ConfigMap,
  ConfigMapGenerator,
  ConfigMapGeneratorV1alpha1,
  configMapGeneratorController,
  generatedName,
  isConverged,
} from './configMapGenerator.js';
import {
  configMapGeneratorConversionWebhook,
  configMapGeneratorWebhooks,
  webhookConfigurations,
} from './configMapGeneratorWebhooks.js';

const args = new Set(process.argv.slice(2));
const webhooks = args.has('--webhooks');
const real = webhooks || args.has('--real');
const untilConverged = args.has('--until-converged');
const stop = new AbortController();
for (const sig of ['SIGINT', 'SIGTERM'] as const) process.once(sig, () => stop.abort());

console.log(real ? 'starting a real API server...' : 'starting the embedded cluster (in-memory)...');
const crds = [ConfigMapGenerator.crd];
const cluster = real ? await TestEnvironment.start({ crds }) : await FakeApiServer.start({ crds, seed: true });
let exitCode = 0;
let hooks: InstalledWebhooks | undefined;
try {
  const kubeconfig = cluster.kubeconfigPath;
  console.log(`API server ready in ${Math.round(cluster.startMillis)} ms at ${cluster.url}`);
  console.log(`try:  kubectl --kubeconfig ${kubeconfig} -n demo get configmapgenerators,configmaps -w`);
  console.log(
    `      kubectl --kubeconfig ${kubeconfig} -n demo patch cmg settings --type merge -p '{"spec":{"data":{"color":"green"}}}'`,
  );
  console.log('press Ctrl-C to stop\n');

  const kubeConfig = cluster.kubeConfig;
  if (webhooks) {
    // the configurations come from the webhooks' declarations: declare them on a manager that never
    // starts, install the configurations (which gives the port and certificates), then serve them
    const declared = new Manager({ kubeConfig });
    configMapGeneratorWebhooks(declared);
    const { validating, mutating } = webhookConfigurations(declared);
    hooks = await installWebhooks(kubeConfig, {
      validating: validating ? [validating] : [],
      mutating: mutating ? [mutating] : [],
      conversion: { crds: [ConfigMapGenerator.crd.metadata.name] },
    });
  }
  const mgr = new Manager({
    kubeConfig,
    logger: consoleLogger({ level: 'info' }),
    ...(hooks && { webhook: { port: hooks.port, bindAddress: hooks.host, certDir: hooks.certDir } }),
  });
  using client = new Client({ kubeConfig });
  if (real) await client.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'demo' } });
  configMapGeneratorController(mgr);
  if (webhooks) {
    configMapGeneratorWebhooks(mgr);
    configMapGeneratorConversionWebhook(mgr);
  }
  const running = mgr.start(stop.signal);
  if (hooks) console.log(`webhooks served at https://${hooks.host}:${await mgr.webhookServer.port}`);

  const names = ['settings', 'features'];
  await client.create({
    apiVersion: ConfigMapGenerator.apiVersion,
    kind: ConfigMapGenerator.kind,
    metadata: { name: 'settings', namespace: 'demo' },
    spec: { data: { generator: 'settings', greeting: 'hello' } },
  });
  const features = { name: 'features', namespace: 'demo' };
  const data = { generator: 'features', greeting: 'hello' };
  if (webhooks) {
    // the older version: the API server has the webhook convert it to v1, the storage version
    await conversionServed(client);
    await client.create({
      apiVersion: ConfigMapGeneratorV1alpha1.apiVersion,
      kind: ConfigMapGenerator.kind,
      metadata: features,
      spec: { configMap: { data } },
    });
  } else {
    await client.create({
      apiVersion: ConfigMapGenerator.apiVersion,
      kind: ConfigMapGenerator.kind,
      metadata: features,
      spec: { data },
    });
  }

  if (untilConverged) {
    const deadline = Date.now() + 60_000;
    for (;;) {
      const gens = (await client.list(ConfigMapGenerator, { namespace: 'demo' })).items;
      let done = 0;
      for (const g of gens) {
        const generated: ConfigMap | undefined = await client
          .get(builtinKinds.ConfigMap, generatedName(g), { namespace: 'demo' })
          .catch(() => undefined);
        if (isConverged(g, generated)) done++;
      }
      if (done === names.length) {
        console.log(`converged: ${done} ConfigMapGenerators reconciled`);
        break;
      }
      if (Date.now() > deadline || stop.signal.aborted) {
        console.error(`not converged: ${done} of ${names.length} ConfigMapGenerators ready`);
        exitCode = 1;
        break;
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    stop.abort();
  }
  await running;
} catch (error) {
  console.error(error);
  exitCode = 1;
} finally {
  await hooks?.uninstall();
  await cluster.stop();
  console.log('stopped');
}
process.exitCode = exitCode;

/**
 * Waits until the API server converts `v1alpha1` through the webhook: it learns of the CRD's new
 * conversion through a watch, and the webhook server may not listen yet. Until then a `v1alpha1`
 * object would be relabelled and its `spec.configMap` pruned (a dry-run create shows which).
 * @throws Error when that has not happened within 10 s
 */
async function conversionServed(client: Client): Promise<void> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const probe = await client
      .create(
        {
          apiVersion: ConfigMapGeneratorV1alpha1.apiVersion,
          kind: ConfigMapGenerator.kind,
          metadata: { name: 'probe', namespace: 'demo' },
          spec: { configMap: { data: { probe: 'yes' } } },
        },
        { dryRun: true },
      )
      .catch(() => undefined);
    if ((probe?.spec as { configMap?: { data?: object } } | undefined)?.configMap?.data) return;
    if (Date.now() > deadline) throw new Error('the conversion webhook was not called within 10 s');
    await new Promise((r) => setTimeout(r, 100));
  }
}
