/**
 * `pnpm start`: the example operator against the embedded default cluster.
 *
 * Starts kubekit's in-memory API server seeded with demo objects and the ConfigMapGenerator CRD
 * (or, with `--real`, a real API server: kubekit's apiextensions-apiserver harness, where the
 * generated objects are `GeneratedConfig` custom resources since it has no ConfigMaps), creates
 * two ConfigMapGenerators, and runs the operator on a kubekit `Manager` until Ctrl-C, logging each
 * reconcile. While it runs, point kubectl at the kubeconfig it prints and edit generators, or the
 * generated ConfigMaps, to watch them reconciled.
 *
 * `--until-converged` exits 0 once both generators are Ready and their ConfigMaps hold their data,
 * and 1 if that has not happened within 60 s (used by CI as a smoke run).
 */
import { Client, type KubeObject } from '@kubekit/client';
import { consoleLogger, Manager } from '@kubekit/manager';
import { FakeApiServer, TestEnvironment } from '@kubekit/testing';
import {
  ConfigMapGenerator,
  configMapGeneratorController,
  configMapTarget,
  GeneratedConfig,
  generatedConfigTarget,
  generatedName,
  isConverged,
} from './configMapGenerator.js';

const args = new Set(process.argv.slice(2));
const real = args.has('--real');
const untilConverged = args.has('--until-converged');
const stop = new AbortController();
for (const sig of ['SIGINT', 'SIGTERM'] as const) process.once(sig, () => stop.abort());

console.log(real ? 'starting a real API server...' : 'starting the embedded cluster (in-memory)...');
const crds = [ConfigMapGenerator.crd, GeneratedConfig.crd];
const cluster = real ? await TestEnvironment.start({ crds }) : await FakeApiServer.start({ crds, seed: true });
const target = real ? generatedConfigTarget : configMapTarget;
let exitCode = 0;
try {
  const kubeconfig = cluster.kubeconfigPath;
  console.log(`API server ready in ${Math.round(cluster.startMillis)} ms at ${cluster.url}`);
  console.log(
    `try:  kubectl --kubeconfig ${kubeconfig} -n demo get configmapgenerators,${real ? 'generatedconfigs' : 'configmaps'} -w`,
  );
  console.log(
    `      kubectl --kubeconfig ${kubeconfig} -n demo patch cmg settings --type merge -p '{"spec":{"data":{"color":"green"}}}'`,
  );
  console.log('press Ctrl-C to stop\n');

  const mgr = new Manager({ kubeConfig: cluster.kubeConfig, logger: consoleLogger({ level: 'info' }) });
  configMapGeneratorController(mgr, { target, events: !real });
  const running = mgr.start(stop.signal);

  using client = new Client({ kubeConfig: cluster.kubeConfig });
  const names = ['settings', 'features'];
  for (const name of names) {
    await client.create({
      apiVersion: ConfigMapGenerator.apiVersion,
      kind: ConfigMapGenerator.kind,
      metadata: { name, namespace: 'demo' },
      spec: { data: { generator: name, greeting: 'hello' } },
    });
  }

  if (untilConverged) {
    const deadline = Date.now() + 60_000;
    for (;;) {
      const gens = (await client.list(ConfigMapGenerator, { namespace: 'demo' })).items;
      let done = 0;
      for (const g of gens) {
        const generated = (await client
          .get(target.kind, generatedName(g), { namespace: 'demo' })
          .catch(() => undefined)) as KubeObject | undefined;
        if (isConverged(g, generated, target)) done++;
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
  await cluster.stop();
  console.log('stopped');
}
process.exitCode = exitCode;
