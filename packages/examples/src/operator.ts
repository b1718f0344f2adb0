/**
 * `pnpm start`: the example operator against the embedded default cluster.
 *
 * Starts kubekit's in-memory API server seeded with demo objects and the Greeting CRD (or, with
 * `--real`, a real API server: kubekit's apiextensions-apiserver harness), creates two Greetings,
 * and runs the operator until Ctrl-C, printing each reconcile. While it runs, point kubectl at the
 * kubeconfig it prints and edit Greetings to watch them reconciled.
 *
 * `--until-converged` exits once both Greetings carry their status (used by CI as a smoke run).
 */
import { FakeApiServer, TestEnvironment } from '@kubekit/testing';
import { CustomObjectsApi } from '@kubernetes/client-node';
import { type Greeting, greetingCrd, greetingFor, runGreetingOperator } from './greetingOperator.js';

const args = new Set(process.argv.slice(2));
const stop = new AbortController();
for (const sig of ['SIGINT', 'SIGTERM'] as const) process.once(sig, () => stop.abort());

console.log(args.has('--real') ? 'starting a real API server...' : 'starting the embedded cluster (in-memory)...');
const cluster = args.has('--real')
  ? await TestEnvironment.start({ crds: [greetingCrd] })
  : await FakeApiServer.start({ crds: [greetingCrd], seed: true });
try {
  const kubeconfig = cluster.kubeconfigPath;
  console.log(`API server ready in ${Math.round(cluster.startMillis)} ms at ${cluster.url}`);
  console.log(`try:  kubectl --kubeconfig ${kubeconfig} get greetings -A -w`);
  console.log(
    `      kubectl --kubeconfig ${kubeconfig} -n demo patch greeting world --type merge -p '{"spec":{"excited":true}}'`,
  );
  console.log('press Ctrl-C to stop\n');
  const kc = cluster.kubeConfig;
  const running = runGreetingOperator(kc, {
    signal: stop.signal,
    log: (line) => {
      console.log(line);
      if (args.has('--until-converged')) void checkConverged();
    },
  });
  const api = kc.makeApiClient(CustomObjectsApi);
  const at = { group: 'example.kubekit.dev', version: 'v1', namespace: 'demo', plural: 'greetings' };
  const names = ['world', 'kubekit'];
  const checkConverged = async () => {
    const list = (await api.listNamespacedCustomObject(at)) as { items: Greeting[] };
    const done = list.items.filter((g) => g.status?.message === greetingFor(g)).length;
    if (done === names.length && !stop.signal.aborted) {
      console.log(`converged: ${done} Greetings reconciled`);
      stop.abort();
    }
  };
  for (const name of names) {
    await api.createNamespacedCustomObject({
      ...at,
      body: { apiVersion: 'example.kubekit.dev/v1', kind: 'Greeting', metadata: { name }, spec: { name } },
    });
  }
  await running;
} finally {
  await cluster.stop();
  console.log('stopped');
}
