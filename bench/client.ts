/**
 * `pnpm bench client`: kubekit's client against client-node's KubernetesObjectApi and its typed
 * CustomObjectsApi, on one private real API server: 1,000 sequential gets and 100 lists of 1,000
 * Widgets each. Prints requests/s, CPU ms per request (process.cpuUsage) and the TCP connections each
 * opened (counted from Node's `net.client.socket` diagnostics channel).
 */
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { Client } from '@kubekit/client';
import { defineKind, type KubeObject } from '@kubekit/core';
import { TestEnvironment } from '@kubekit/testing';
import { CustomObjectsApi, KubernetesObjectApi } from '@kubernetes/client-node';
import { ensureNamespace } from './support/widgets.ts';

const GETS = 1000;
const LISTS = 100;
const OBJECTS = 1000;
const NAMESPACE = 'bench';

const Widget = defineKind<KubeObject & { spec?: { size?: number } }>({
  apiVersion: 'test.kubekit.dev/v1',
  kind: 'Widget',
  plural: 'widgets',
  scope: 'Namespaced',
});

/** The calls one contender makes. */
interface Contender {
  name: string;
  get(name: string): Promise<unknown>;
  list(): Promise<{ items: unknown[] }>;
}

interface Row {
  contender: string;
  operation: string;
  requests: number;
  perSecond: number;
  cpuMsPerOp: number;
  connections: number;
}

let connections = 0;
const onSocket = () => {
  connections++;
};

async function measure(c: Contender, operation: 'get' | 'list', n: number): Promise<Row> {
  // warm up: discovery, first connection, JIT
  for (let i = 0; i < 5; i++) await (operation === 'get' ? c.get(`w-${i}`) : c.list());
  connections = 0;
  const cpu = process.cpuUsage();
  const start = performance.now();
  for (let i = 0; i < n; i++) {
    if (operation === 'get') await c.get(`w-${i % OBJECTS}`);
    else if ((await c.list()).items.length !== OBJECTS) throw new Error('short list');
  }
  const seconds = (performance.now() - start) / 1000;
  const used = process.cpuUsage(cpu);
  return {
    contender: c.name,
    operation: operation === 'get' ? `get ×${n}` : `list ${OBJECTS} ×${n}`,
    requests: n,
    perSecond: n / seconds,
    cpuMsPerOp: (used.user + used.system) / 1000 / n,
    connections,
  };
}

const env = await TestEnvironment.start({ crds: ['test/fixtures/crds.yaml'] });
try {
  const kc = env.kubeConfig;
  const kubekit = new Client({ kubeConfig: kc, qps: 0 });
  await ensureNamespace(kubekit, NAMESPACE);
  // seed, 25 at a time
  for (let i = 0; i < OBJECTS; i += 25) {
    await Promise.all(
      Array.from({ length: Math.min(25, OBJECTS - i) }, (_, j) =>
        kubekit.create({
          apiVersion: 'test.kubekit.dev/v1',
          kind: 'Widget',
          metadata: { name: `w-${i + j}`, namespace: NAMESPACE, labels: { app: 'bench' } },
          spec: { size: (i + j) % 10 },
        }),
      ),
    );
  }
  const objectApi = KubernetesObjectApi.makeApiClient(kc);
  const customApi = kc.makeApiClient(CustomObjectsApi);
  const at = { group: 'test.kubekit.dev', version: 'v1', namespace: NAMESPACE, plural: 'widgets' };
  const contenders: Contender[] = [
    {
      name: 'kubekit Client',
      get: (name) => kubekit.get(Widget, name, { namespace: NAMESPACE }),
      list: () => kubekit.list(Widget, { namespace: NAMESPACE }),
    },
    {
      name: 'client-node KubernetesObjectApi',
      get: (name) =>
        objectApi.read({ apiVersion: 'test.kubekit.dev/v1', kind: 'Widget', metadata: { name, namespace: NAMESPACE } }),
      list: () => objectApi.list('test.kubekit.dev/v1', 'Widget', NAMESPACE),
    },
    {
      name: 'client-node CustomObjectsApi',
      get: (name) => customApi.getNamespacedCustomObject({ ...at, name }),
      list: () => customApi.listNamespacedCustomObject(at) as Promise<{ items: unknown[] }>,
    },
  ];
  subscribe('net.client.socket', onSocket);
  const rows: Row[] = [];
  for (const operation of ['get', 'list'] as const) {
    for (const c of contenders) rows.push(await measure(c, operation, operation === 'get' ? GETS : LISTS));
  }
  unsubscribe('net.client.socket', onSocket);
  kubekit.close();

  console.log(`\nclient benchmark: ${OBJECTS} Widgets, Node ${process.version}, server ${env.backend}\n`);
  console.log('| client | operation | req/s | CPU ms/req | TCP connections |');
  console.log('| --- | --- | ---: | ---: | ---: |');
  for (const r of rows) {
    console.log(
      `| ${r.contender} | ${r.operation} | ${r.perSecond.toFixed(0)} | ${r.cpuMsPerOp.toFixed(2)} | ${r.connections} |`,
    );
  }
} finally {
  await env.stop();
}
