/**
 * `pnpm start`: the example operator against an embedded cluster.
 *
 * Starts a real API server (kubekit's test harness), installs the Greeting CRD, creates two
 * Greetings, and runs the operator until Ctrl-C, printing each reconcile. While it runs, point
 * kubectl at the kubeconfig it prints and edit Greetings to watch them reconciled.
 */

import { TestEnvironment } from '@kubekit/testing';
import { CustomObjectsApi } from '@kubernetes/client-node';
import { greetingCrd, runGreetingOperator } from './greetingOperator.js';

const stop = new AbortController();
for (const sig of ['SIGINT', 'SIGTERM'] as const) process.once(sig, () => stop.abort());

console.log('starting the embedded API server...');
const env = await TestEnvironment.start({ crds: [greetingCrd] });
try {
  console.log(`API server ready in ${env.startMillis} ms at ${env.url}`);
  console.log(`try:  kubectl --kubeconfig ${env.kubeconfigPath} get greetings -A -w`);
  console.log(
    `      kubectl --kubeconfig ${env.kubeconfigPath} -n demo patch greeting world --type merge -p '{"spec":{"excited":true}}'`,
  );
  console.log('press Ctrl-C to stop\n');
  const kc = env.kubeConfig;
  const running = runGreetingOperator(kc, { signal: stop.signal });
  const api = kc.makeApiClient(CustomObjectsApi);
  for (const name of ['world', 'kubekit']) {
    await api.createNamespacedCustomObject({
      group: 'example.kubekit.dev',
      version: 'v1',
      namespace: 'demo',
      plural: 'greetings',
      body: { apiVersion: 'example.kubekit.dev/v1', kind: 'Greeting', metadata: { name }, spec: { name } },
    });
  }
  await running;
} finally {
  await env.stop();
  console.log('stopped');
}
