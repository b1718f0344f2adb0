/**
 * A cluster recorded from the real kube-apiserver, served by FakeApiServer (`serveRecording`):
 * kubectl (installed on the machine) and kubekit's client and informer cache read it as they read
 * the live server, the recorded changes replay in order at their offsets, and writes are refused
 * unless it is served writable.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { InformerCache } from '@kubekit/cache';
import { builtinKinds, Client } from '@kubekit/client';
import type { KubeObject } from '@kubekit/core';
import {
  type CrdSource,
  installCrds,
  type RecordedKind,
  type ServedRecording,
  serveRecording,
  type TestNamespace,
} from '@kubekit/testing';
import { parse } from 'yaml';
import { objectPath } from '../../../packages/testing/src/recording/layout.js';
import { FIXTURE_CRDS } from '../../support/paths.js';
import { describeReal, realServer } from '../../support/realServer.js';
import { ChangeRecorder, recordCluster } from '../../support/recordCluster.js';
import { Widget } from '../../support/widgets.js';

const run = promisify(execFile);

/** A CRD with printer columns (no Age, so tables print the same at any time) and status. */
const GAUGE_CRD = {
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: 'gauges.rec.kubekit.dev' },
  spec: {
    group: 'rec.kubekit.dev',
    scope: 'Namespaced',
    names: { plural: 'gauges', singular: 'gauge', kind: 'Gauge', listKind: 'GaugeList' },
    versions: [
      {
        name: 'v1',
        served: true,
        storage: true,
        subresources: { status: {} },
        additionalPrinterColumns: [
          { name: 'Level', type: 'integer', jsonPath: '.spec.level' },
          { name: 'Phase', type: 'string', jsonPath: '.status.phase' },
          { name: 'Ready', type: 'string', jsonPath: '.status.conditions[?(@.type=="Ready")].status' },
          { name: 'Tags', type: 'string', jsonPath: '.spec.tags', priority: 1 },
        ],
        schema: {
          openAPIV3Schema: {
            type: 'object',
            properties: {
              spec: {
                type: 'object',
                properties: { level: { type: 'integer' }, tags: { type: 'array', items: { type: 'string' } } },
              },
              status: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
            },
          },
        },
      },
    ],
  },
};
const CHANGES = 100;

describeReal('a recording of the real API server, served', () => {
  let ns: TestNamespace;
  let live: Client;
  let dir: string;
  let kinds: RecordedKind[];
  let served: ServedRecording;
  let liveKubeconfig: string;
  let initialListRv: string;
  const recordedRvs: string[] = [];
  const kubectl = async (kubeconfig: string, ...args: string[]) =>
    (await run('kubectl', args, { env: { ...process.env, KUBECONFIG: kubeconfig } })).stdout;
  const servedKubectl = (...args: string[]) => kubectl(served.kubeconfigPath, ...args);

  beforeAll(async () => {
    await installCrds(realServer().kubeConfig(), [FIXTURE_CRDS, GAUGE_CRD as unknown as CrdSource]);
    ns = await realServer().namespace('rec');
    live = new Client({ kubeConfig: realServer().kubeConfig() });
    dir = await mkdtemp(join(tmpdir(), 'kubekit-recording-'));
    liveKubeconfig = join(dir, 'live-kubeconfig');
    await import('node:fs/promises').then((fs) =>
      fs.writeFile(liveKubeconfig, realServer().kubeConfig().exportConfig()),
    );
    const n = ns.name;
    const labels = { app: 'web' };
    const deploy = await live.create({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', namespace: n, labels },
      spec: {
        replicas: 2,
        selector: { matchLabels: labels },
        template: { metadata: { labels }, spec: { containers: [{ name: 'c', image: 'nginx' }] } },
      },
    } as KubeObject);
    const owner = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      name: 'web',
      uid: deploy.metadata?.uid as string,
      controller: true,
    };
    const objects: Array<KubeObject & Record<string, unknown>> = [
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'owned', namespace: n, ownerReferences: [owner] } },
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a1', namespace: n, labels: { tier: 'a' } } },
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a2', namespace: n, labels: { tier: 'a' } } },
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'b1', namespace: n, labels: { tier: 'b' } } },
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'replayed', namespace: n }, data: { n: 'start' } },
      { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's', namespace: n }, stringData: { k: 'v' } },
      { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'sa', namespace: n } },
      { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: n }, spec: { ports: [{ port: 80 }] } },
      {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'p', namespace: n, labels },
        spec: { containers: [{ name: 'c', image: 'nginx' }] },
      },
      {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'Role',
        metadata: { name: 'r', namespace: n },
        rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['get'] }],
      },
      {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'RoleBinding',
        metadata: { name: 'rb', namespace: n },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'r' },
        subjects: [{ kind: 'ServiceAccount', name: 'sa', namespace: n }],
      },
      {
        apiVersion: 'batch/v1',
        kind: 'Job',
        metadata: { name: 'j', namespace: n },
        spec: {
          template: { spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'busybox' }] } },
        },
      },
      {
        apiVersion: 'coordination.k8s.io/v1',
        kind: 'Lease',
        metadata: { name: 'l', namespace: n },
        spec: { holderIdentity: 'me' },
      },
      {
        apiVersion: 'policy/v1',
        kind: 'PodDisruptionBudget',
        metadata: { name: 'pdb', namespace: n },
        spec: { minAvailable: 1, selector: { matchLabels: labels } },
      },
      { apiVersion: 'test.kubekit.dev/v1', kind: 'Widget', metadata: { name: 'w', namespace: n }, spec: { size: 1 } },
    ];
    for (const o of objects) await live.create(o);
    for (const [name, level, phase] of [
      ['g1', 3, 'Full'],
      ['g2', 0, undefined],
    ] as const) {
      const g = await live.create({
        apiVersion: 'rec.kubekit.dev/v1',
        kind: 'Gauge',
        metadata: { name, namespace: n },
        spec: { level, tags: ['a', 'b'] },
      } as KubeObject);
      if (phase) {
        await live.status().update({
          ...g,
          status: {
            phase,
            conditions: [
              { type: 'Ready', status: 'True' },
              { type: 'Other', status: 'False' },
            ],
          },
        } as KubeObject);
      }
    }
    const w = await live.get(Widget, 'w', { namespace: n });
    await live.status().update({ ...w, status: { phase: 'Ready', replicas: 1 } });

    kinds = await recordCluster(live, dir, { namespaces: [n] });
    // Changes: 100 updates of one ConfigMap, watched from the recorded state.
    const list = (await live.getRaw(`/api/v1/namespaces/${n}/configmaps`)) as { metadata: { resourceVersion: string } };
    initialListRv = list.metadata.resourceVersion;
    const manifest = JSON.parse(await readFile(join(dir, 'recording.json'), 'utf8')) as { startedAt: string };
    const recorder = new ChangeRecorder(Date.parse(manifest.startedAt), {
      group: '',
      version: 'v1',
      kind: 'ConfigMap',
    });
    recorder.seed((await live.get(builtinKinds.ConfigMap, 'replayed', { namespace: n })) as never);
    const watching = (async () => {
      for await (const e of live.watch(builtinKinds.ConfigMap, {
        namespace: n,
        resourceVersion: initialListRv,
        allowWatchBookmarks: false,
      })) {
        if (e.type !== 'MODIFIED') continue;
        recorder.record('MODIFIED', e.object as never);
        recordedRvs.push(e.object.metadata?.resourceVersion as string);
        if (recorder.lines.length === CHANGES) return;
      }
    })();
    for (let i = 0; i < CHANGES; i++) {
      await live.patch(
        builtinKinds.ConfigMap,
        'replayed',
        { type: 'merge', patch: { data: { n: String(i) } } },
        {
          namespace: n,
        },
      );
    }
    await watching;
    await recorder.save(dir);
    served = await serveRecording({ dir, log: () => {} });
  });

  afterAll(async () => {
    await served?.server.stop();
    await ns?.cleanup();
    live?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('serves every recorded kind with nothing dropped', async () => {
    expect(served.problems).toEqual([]);
    expect(kinds.length).toBeGreaterThanOrEqual(20);
    expect(kinds.filter((k) => k.count > 0).length).toBeGreaterThanOrEqual(20);
    // kubectl get of every kind lists what was recorded; namespaced kinds also equal the live server's
    const expected = (k: RecordedKind) => `${k.resource}${k.group ? `.${k.group}` : ''}`;
    const pending = [...kinds];
    const work = async () => {
      for (let k = pending.shift(); k; k = pending.shift()) {
        const args = ['get', expected(k), '-o', 'name', ...(k.namespaced ? ['-n', ns.name] : [])];
        const out = await servedKubectl(...args);
        expect({ kind: k.kind, count: out.split('\n').filter(Boolean).length }).toEqual({
          kind: k.kind,
          count: k.count,
        });
        if (k.namespaced)
          expect({ kind: k.kind, out }).toEqual({ kind: k.kind, out: await kubectl(liveKubeconfig, ...args) });
      }
    };
    await Promise.all([work(), work(), work()]);
  });

  it('kubectl api-resources lists the recorded discovery (names, short names, verbs, categories)', async () => {
    for (const group of ['', 'apps', 'rbac.authorization.k8s.io', 'batch', 'test.kubekit.dev']) {
      const args = ['api-resources', `--api-group=${group}`, '-o', 'wide'];
      expect(await servedKubectl(...args)).toBe(await kubectl(liveKubeconfig, ...args));
    }
  });

  it('kubectl -o yaml and describe give the live objects: uids, resourceVersions, timestamps, managedFields, status', async () => {
    for (const args of [
      ['get', 'deployment', 'web', '-n', ns.name, '-o', 'yaml'],
      ['get', 'widgets.test.kubekit.dev', 'w', '-n', ns.name, '-o', 'yaml'],
      ['get', 'configmap', 'owned', '-n', ns.name, '-o', 'yaml'],
      ['get', 'configmap', 'replayed', '-n', ns.name, '-o', 'yaml'],
      ['get', 'namespace', ns.name, '-o', 'yaml'],
    ]) {
      expect(parse(await servedKubectl(...args))).toEqual(parse(await kubectl(liveKubeconfig, ...args)));
    }
    for (const args of [
      ['describe', 'deployment', 'web', '-n', ns.name],
      ['describe', 'gauge', 'g1', '-n', ns.name],
    ]) {
      expect(await servedKubectl(...args)).toBe(await kubectl(liveKubeconfig, ...args));
    }
    const w = parse(await servedKubectl('get', 'wd', 'w', '-n', ns.name, '-o', 'yaml'));
    expect(w.status).toEqual({ phase: 'Ready', replicas: 1 });
  });

  it('owner references point at the recorded uids', async () => {
    const client = new Client({ kubeConfig: served.server.kubeConfig });
    try {
      const deploy = await client.get(builtinKinds.Deployment, 'web', { namespace: ns.name });
      const owned = await client.get(builtinKinds.ConfigMap, 'owned', { namespace: ns.name });
      expect(owned.metadata?.ownerReferences?.[0]?.uid).toBe(deploy.metadata?.uid);
      const liveDeploy = await live.get(builtinKinds.Deployment, 'web', { namespace: ns.name });
      expect(deploy.metadata?.uid).toBe(liveDeploy.metadata?.uid);
    } finally {
      client.close();
    }
  });

  it('label and field selectors and tables select as on the live server', async () => {
    for (const args of [
      ['get', 'cm', '-n', ns.name, '-l', 'tier=a', '-o', 'name'],
      ['get', 'cm', '-n', ns.name, '-l', 'tier!=a', '-o', 'name'],
      ['get', 'cm', '-n', ns.name, '--field-selector', 'metadata.name=owned', '-o', 'name'],
      ['get', 'pods', '-n', ns.name, '--field-selector', 'spec.nodeName=', '-o', 'name'],
    ]) {
      expect(await servedKubectl(...args)).toBe(await kubectl(liveKubeconfig, ...args));
    }
    const table = await servedKubectl('get', 'cm', '-n', ns.name, '-l', 'tier=a');
    expect(table.split('\n')[0]).toMatch(/^NAME\s+AGE/);
    expect(table).toMatch(/\na1\s+\S+\na2\s/);
  });

  it('kubectl tables of a custom kind show its printer columns as on the live server', async () => {
    for (const args of [
      ['get', 'gauges', '-n', ns.name],
      ['get', 'gauges', '-n', ns.name, '-o', 'wide'],
      ['get', 'gauges', 'g1', '-n', ns.name],
    ]) {
      expect(await servedKubectl(...args)).toBe(await kubectl(liveKubeconfig, ...args));
    }
  });

  it('serves the end state by default; a watch from the recorded state gets the changes at once', async () => {
    const client = new Client({ kubeConfig: served.server.kubeConfig });
    try {
      const cm = await client.get(builtinKinds.ConfigMap, 'replayed', { namespace: ns.name });
      expect(cm.data?.n).toBe(String(CHANGES - 1));
      expect(cm.metadata?.resourceVersion).toBe(recordedRvs.at(-1));
      const seen: string[] = [];
      for await (const e of client.watch(builtinKinds.ConfigMap, {
        namespace: ns.name,
        resourceVersion: initialListRv,
        allowWatchBookmarks: false,
      })) {
        if (e.type === 'MODIFIED') seen.push(e.object.metadata?.resourceVersion as string);
        if (seen.length === CHANGES) break;
      }
      expect(seen).toEqual(recordedRvs);
    } finally {
      client.close();
    }
  });

  it('a kubekit informer cache syncs from the recording', async () => {
    const client = new Client({ kubeConfig: served.server.kubeConfig });
    const cache = new InformerCache({ client, namespaces: [ns.name] });
    const controller = new AbortController();
    const running = cache.start(controller.signal);
    try {
      const w = await cache.get(Widget, 'w', { namespace: ns.name });
      expect(w.status?.phase).toBe('Ready');
      const cms = await cache.list(builtinKinds.ConfigMap, { namespace: ns.name, labelSelector: 'tier=a' });
      expect(cms.items.map((c) => c.metadata?.name)).toEqual(['a1', 'a2']);
    } finally {
      controller.abort();
      await running;
      client.close();
    }
  });

  it('refuses writes with 405 MethodNotAllowed; writable serves them in memory', async () => {
    await expect(servedKubectl('delete', 'cm', 'a1', '-n', ns.name)).rejects.toMatchObject({
      stderr: expect.stringContaining('(MethodNotAllowed)'),
    });
    const client = new Client({ kubeConfig: served.server.kubeConfig });
    try {
      await expect(
        client.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'new', namespace: ns.name } }),
      ).rejects.toMatchObject({ status: { code: 405, reason: 'MethodNotAllowed' } });
    } finally {
      client.close();
    }
    const writable = await serveRecording({ dir, writable: true, log: () => {} });
    try {
      const kc = writable.kubeconfigPath;
      expect(await kubectl(kc, 'delete', 'cm', 'a1', '-n', ns.name)).toContain('deleted');
      expect(await kubectl(kc, 'get', 'cm', '-n', ns.name, '-l', 'tier=a', '-o', 'name')).toBe('configmap/a2\n');
      // the folder is not written
      await expect(
        readFile(
          join(dir, objectPath({ group: '', version: 'v1', kind: 'ConfigMap', namespace: ns.name, name: 'a1' })),
          'utf8',
        ),
      ).resolves.toContain('a1');
    } finally {
      await writable.server.stop();
    }
  });

  it('replays the recorded changes from the start, in order, not before their offsets / speed', async () => {
    const speed = 4;
    const manifest = JSON.parse(await readFile(join(dir, 'recording.json'), 'utf8')) as { startedAt: string };
    const lines = (await readFile(join(dir, 'watch.jsonl'), 'utf8'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(manifest.startedAt).toEqual(expect.any(String));
    const replaying = await serveRecording({ dir, fromStart: true, speed, log: () => {} });
    const client = new Client({ kubeConfig: replaying.server.kubeConfig });
    let child: ChildProcess | undefined;
    try {
      child = spawn('kubectl', ['get', 'cm', 'replayed', '-n', ns.name, '-w', '-o', 'jsonpath={.data.n}{"\\n"}'], {
        env: { ...process.env, KUBECONFIG: replaying.kubeconfigPath },
      });
      let printed = '';
      const kubectlSaw = new Promise<void>((resolve, reject) => {
        child?.stdout?.on('data', (c: Buffer) => {
          printed += c.toString();
          if (printed.split('\n').includes(String(CHANGES - 1))) resolve();
        });
        child?.on('exit', (code) => reject(new Error(`kubectl exited (${code}): ${printed}`)));
      });
      const arrivals: Array<{ rv: string; n: string; at: number }> = [];
      for await (const e of client.watch(builtinKinds.ConfigMap, {
        namespace: ns.name,
        resourceVersion: initialListRv,
        allowWatchBookmarks: false,
      })) {
        if (e.type !== 'MODIFIED') continue;
        arrivals.push({
          rv: e.object.metadata?.resourceVersion as string,
          n: e.object.data?.n as string,
          at: performance.now(),
        });
        if (arrivals.length === CHANGES) break;
      }
      expect(arrivals.map((a) => a.rv)).toEqual(recordedRvs);
      expect(arrivals.map((a) => a.n)).toEqual(Array.from({ length: CHANGES }, (_, i) => String(i)));
      const began = replaying.server.replay?.startedAt as number;
      for (const [i, a] of arrivals.entries()) {
        expect(a.at - began).toBeGreaterThanOrEqual(lines[i].offsetMs / speed);
      }
      await kubectlSaw;
      // kubectl printed a rising run of values ending with the last change
      const values = printed
        .split('\n')
        .filter(Boolean)
        .filter((v) => v !== 'start')
        .map(Number);
      expect(values).toEqual([...values].sort((a, b) => a - b));
      expect(values.at(-1)).toBe(CHANGES - 1);
    } finally {
      child?.kill();
      client.close();
      await replaying.server.stop();
    }
  });
});
