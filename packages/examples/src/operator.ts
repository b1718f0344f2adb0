/**
 * `pnpm start`: the example operator against the embedded default cluster.
 *
 * Starts kubekit's in-memory API server seeded with demo objects and the ConfigMapGenerator CRD
 * (or, with `--real`, a real API server: kubekit's kube-apiserver harness, with the namespace
 * `demo` created), creates two ConfigMapGenerators, and runs the operator on a kubekit `Manager` until Ctrl-C, logging each
 * reconcile. While it runs, point kubectl at the kubeconfig it prints and edit generators, or the
 * generated ConfigMaps, to watch them reconciled.
 *
 * `--until-converged` exits 0 once both generators are Ready and their ConfigMaps hold their data,
 * and 1 if that has not happened within 60 s (used by CI as a smoke run).
 */
import { builtinKinds, Client } from '@kubekit/client';
import { consoleLogger } from '@kubekit/core';
import { Manager } from '@kubekit/manager';
import { FakeApiServer, TestEnvironment } from '@kubekit/testing';
import {
  type ConfigMap,
  ConfigMapGenerator,
  configMapGeneratorController,
  generatedName,
  isConverged,
} from './configMapGenerator.js';

const args = new Set(process.argv.slice(2));
const real = args.has('--real');
const untilConverged = args.has('--until-converged');
const stop = new AbortController();
for (const sig of ['SIGINT', 'SIGTERM'] as const) process.once(sig, () => stop.abort());

console.log(real ? 'starting a real API server...' : 'starting the embedded cluster (in-memory)...');
const crds = [ConfigMapGenerator.crd];
const cluster = real ? await TestEnvironment.start({ crds }) : await FakeApiServer.start({ crds, seed: true });
let exitCode = 0;
try {
  const kubeconfig = cluster.kubeconfigPath;
  console.log(`API server ready in ${Math.round(cluster.startMillis)} ms at ${cluster.url}`);
  console.log(`try:  kubectl --kubeconfig ${kubeconfig} -n demo get configmapgenerators,configmaps -w`);
  console.log(
    `      kubectl --kubeconfig ${kubeconfig} -n demo patch cmg settings --type merge -p '{"spec":{"data":{"color":"green"}}}'`,
  );
  console.log('press Ctrl-C to stop\n');

  const mgr = new Manager({ kubeConfig: cluster.kubeConfig, logger: consoleLogger({ level: 'info' }) });
  using client = new Client({ kubeConfig: cluster.kubeConfig });
  if (real) await client.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'demo' } });
  configMapGeneratorController(mgr);
  const running = mgr.start(stop.signal);

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
  await cluster.stop();
  console.log('stopped');
}
process.exitCode = exitCode;
