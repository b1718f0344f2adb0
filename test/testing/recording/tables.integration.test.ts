/**
 * `kubectl get` on a served recording prints what the live kube-apiserver printed: `gather` records
 * each kind's Table (the server's columns, a row of cells per object), and the served recording
 * answers with them, the cells the server computes from the clock (Age) computed anew. Objects
 * without a recorded row get computed cells where possible; a recording without Tables still
 * serves Name and Age.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { Client } from '@kubekit/client';
import type { KubeObject } from '@kubekit/core';
import {
  gather,
  type RecordedTable,
  type RecordingManifest,
  type ServedRecording,
  serveRecording,
  type TestNamespace,
} from '@kubekit/testing';
import { tablePath } from '../../../packages/testing/src/recording/layout.js';
import { describeReal, realServer } from '../../support/realServer.js';

const run = promisify(execFile);

/**
 * kubectl's table output as rows of trimmed cells, cut where the header's column names begin
 * (kubectl pads columns with at least three spaces; a name may hold one, `NOMINATED NODE`), with
 * the cells of the columns named in `masked` (they move with the clock) replaced by `*`. Tables of
 * several kinds (blank lines between) follow each other.
 */
function cells(output: string, masked: readonly string[] = ['AGE']): string[][] {
  return output
    .trimEnd()
    .split(/\n\n+/)
    .flatMap((block) => blockCells(block, masked));
}

function blockCells(block: string, masked: readonly string[]): string[][] {
  const [header = '', ...lines] = block.split('\n');
  const starts: number[] = [];
  const names: string[] = [];
  for (const m of header.matchAll(/\S+(?: \S+)*/g)) {
    starts.push(m.index);
    names.push(m[0]);
  }
  const cut = (line: string) =>
    starts.map((s, i) => {
      const cell = line.slice(s, starts[i + 1] ?? line.length).trim();
      return masked.includes(names[i] as string) ? '*' : cell;
    });
  return [names, ...lines.map(cut)];
}

describeReal('tables of a recording of the real API server', () => {
  let ns: TestNamespace;
  let live: Client;
  let scratch: string;
  let dir: string;
  let liveKubeconfig: string;
  let served: ServedRecording;
  const kubectl = async (kubeconfig: string, ...args: string[]) =>
    (await run('kubectl', args, { env: { ...process.env, KUBECONFIG: kubeconfig } })).stdout;

  beforeAll(async () => {
    ns = await realServer().namespace('tables');
    live = new Client({ kubeConfig: realServer().kubeConfig() });
    scratch = await mkdtemp(join(tmpdir(), 'kubekit-tables-'));
    dir = join(scratch, 'recording');
    liveKubeconfig = join(scratch, 'live-kubeconfig');
    await writeFile(liveKubeconfig, realServer().kubeConfig().exportConfig());
    const n = ns.name;
    const web = { app: 'web' };
    const container = (name: string, image: string) => ({ name, image, ports: [{ containerPort: 80 }] });
    const objects: Array<KubeObject & Record<string, unknown>> = [
      {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'web-1', namespace: n, labels: web },
        spec: { containers: [container('c', 'nginx'), container('side', 'busybox')] },
      },
      {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'solo', namespace: n },
        spec: { nodeName: 'node-a', containers: [{ name: 'c', image: 'busybox' }] },
      },
      {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'three', namespace: n },
        data: { a: '1', b: '2', c: '3' },
      },
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'empty', namespace: n, labels: web } },
      {
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: { name: 'creds', namespace: n },
        type: 'kubernetes.io/basic-auth',
        stringData: { username: 'u', password: 'p' },
      },
      {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name: 'web', namespace: n, labels: web },
        spec: {
          selector: web,
          ports: [
            { port: 80, name: 'http' },
            { port: 443, name: 'https' },
          ],
        },
      },
      {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name: 'headless', namespace: n },
        spec: { clusterIP: 'None', selector: web, ports: [{ port: 8080 }] },
      },
      {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name: 'outside', namespace: n },
        spec: { type: 'ExternalName', externalName: 'example.com' },
      },
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'web', namespace: n, labels: web },
        spec: {
          replicas: 3,
          selector: { matchLabels: web },
          template: { metadata: { labels: web }, spec: { containers: [container('c', 'nginx:1.27')] } },
        },
      },
      {
        apiVersion: 'batch/v1',
        kind: 'Job',
        metadata: { name: 'once', namespace: n },
        spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'busybox' }] } } },
      },
    ];
    for (const o of objects) await live.create(o);
    await gather({ dir, kubeConfig: realServer().kubeConfig(), namespaces: [n] });
    served = await serveRecording({ dir, log: () => {} });
  });

  afterAll(async () => {
    await served?.server.stop();
    await ns?.cleanup();
    live?.close();
    if (scratch) await rm(scratch, { recursive: true, force: true });
  });

  it('records the Table of each kind: its columns once, a row of cells per object', async () => {
    const manifest = JSON.parse(await readFile(join(dir, 'recording.json'), 'utf8')) as RecordingManifest;
    const pods = manifest.kinds.find((k) => k.kind === 'Pod');
    expect(pods).toMatchObject({ count: 2, table: true });
    const table = JSON.parse(
      await readFile(join(dir, tablePath({ group: '', version: 'v1', kind: 'Pod' })), 'utf8'),
    ) as RecordedTable;
    expect(table.columnDefinitions.map((c) => [c.name, c.priority])).toEqual([
      ['Name', 0],
      ['Ready', 0],
      ['Status', 0],
      ['Restarts', 0],
      ['Age', 0],
      ['IP', 1],
      ['Node', 1],
      ['Nominated Node', 1],
      ['Readiness Gates', 1],
    ]);
    const livePod = await live.get({ apiVersion: 'v1', kind: 'Pod' }, 'web-1', { namespace: ns.name });
    expect(table.rows.find((r) => r.name === 'web-1')).toEqual({
      namespace: ns.name,
      name: 'web-1',
      resourceVersion: livePod.metadata?.resourceVersion,
      cells: ['web-1', '0/2', 'Pending', '0', expect.any(String), '<none>', '<none>', '<none>', '<none>'],
    });
  });

  it('redacts the --secret values in the recorded cells too', async () => {
    const redacted = join(scratch, 'redacted');
    await gather({
      dir: redacted,
      kubeConfig: realServer().kubeConfig(),
      namespaces: [ns.name],
      kinds: ['services'],
      secretValues: ['example.com'],
    });
    const text = await readFile(join(redacted, tablePath({ group: '', version: 'v1', kind: 'Service' })), 'utf8');
    expect(text).not.toContain('example.com');
    const outside = (JSON.parse(text) as RecordedTable).rows.find((r) => r.name === 'outside');
    // NAME, TYPE, CLUSTER-IP, EXTERNAL-IP (the ExternalName), ...
    expect(outside?.cells.slice(0, 4)).toEqual(['outside', 'ExternalName', '<none>', 'REDACTED']);
  });

  it('kubectl get prints the live server columns and cells, -o wide too', async () => {
    const n = ns.name;
    for (const args of [
      ['get', 'pods'],
      ['get', 'pods', '-o', 'wide'],
      ['get', 'pod', 'solo', '-o', 'wide'],
      ['get', 'configmaps'],
      ['get', 'secrets'],
      ['get', 'services'],
      ['get', 'services', '-o', 'wide'],
      ['get', 'deployments'],
      ['get', 'deployments', '-o', 'wide'],
      ['get', 'jobs', '-o', 'wide'],
      ['get', 'pods,services,deployments', '-l', 'app=web'],
      ['get', 'configmaps', '--field-selector', 'metadata.name=three'],
      ['get', 'serviceaccounts,roles'],
    ]) {
      const [want, got] = await Promise.all([
        kubectl(liveKubeconfig, ...args, '-n', n),
        kubectl(served.kubeconfigPath, ...args, '-n', n),
      ]);
      expect({ args, out: cells(got) }).toEqual({ args, out: cells(want) });
    }
    // the table shows what was recorded, not only Name and Age
    expect(cells(await kubectl(served.kubeconfigPath, 'get', 'configmaps', '-n', n))).toEqual([
      ['NAME', 'DATA', 'AGE'],
      ['empty', '0', '*'],
      ['three', '3', '*'],
    ]);
  });

  it('the Age column is the age now, not as recorded', async () => {
    const out = await kubectl(served.kubeconfigPath, 'get', 'pods', '-n', ns.name, '-o', 'wide');
    const pod = await live.get({ apiVersion: 'v1', kind: 'Pod' }, 'solo', { namespace: ns.name });
    const seconds = (Date.now() - Date.parse(pod.metadata?.creationTimestamp as string)) / 1000;
    const age = cells(out, []).find((row) => row[0] === 'solo')?.[4] as string;
    // created seconds ago: the age is in seconds, at least that of the recording
    expect(age).toMatch(/^\d+s$/);
    expect(Number.parseInt(age, 10)).toBeLessThanOrEqual(Math.ceil(seconds));
  });

  it('kubectl get -w prints the recorded cells', async () => {
    let child: ChildProcess | undefined;
    try {
      child = spawn('kubectl', ['get', 'pods', '-n', ns.name, '-w'], {
        env: { ...process.env, KUBECONFIG: served.kubeconfigPath },
      });
      let printed = '';
      await new Promise<void>((resolve, reject) => {
        child?.stdout?.on('data', (c: Buffer) => {
          printed += c.toString();
          if (printed.split('\n').length > 3) resolve();
        });
        child?.on('exit', (code) => reject(new Error(`kubectl exited (${code}): ${printed}`)));
      });
      const want = await kubectl(liveKubeconfig, 'get', 'pods', '-n', ns.name);
      expect(cells(printed.split('\n').slice(0, 3).join('\n'))).toEqual(cells(want));
    } finally {
      child?.kill();
    }
  });

  it('objects without a recorded row: Name and Age computed, the other cells <unknown>', async () => {
    const writable = await serveRecording({ dir, writable: true, log: () => {} });
    try {
      const kc = writable.kubeconfigPath;
      await kubectl(kc, 'run', 'later', '--image=nginx', '-n', ns.name);
      // a recorded Pod changed since: its recorded row is of another state
      await kubectl(kc, 'label', 'pod', 'solo', 'changed=yes', '-n', ns.name);
      expect(cells(await kubectl(kc, 'get', 'pods', '-n', ns.name, '-o', 'wide'))).toEqual([
        ['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE', 'IP', 'NODE', 'NOMINATED NODE', 'READINESS GATES'],
        ['later', '<unknown>', '<unknown>', '<unknown>', '*', '<unknown>', '<unknown>', '<unknown>', '<unknown>'],
        ['solo', '<unknown>', '<unknown>', '<unknown>', '*', '<unknown>', '<unknown>', '<unknown>', '<unknown>'],
        ['web-1', '0/2', 'Pending', '0', '*', '<none>', '<none>', '<none>', '<none>'],
      ]);
      const age = cells(await kubectl(kc, 'get', 'pod', 'later', '-n', ns.name), [])[1]?.[4];
      expect(age).toMatch(/^\d+s$/);
    } finally {
      await writable.server.stop();
    }
  });

  it('with recorded changes: the rows of the first and the last states, so both the start and the end print as live', async () => {
    const watched = join(scratch, 'watched');
    const stop = new AbortController();
    let watching!: () => void;
    const started = new Promise<void>((resolve) => {
      watching = resolve;
    });
    let recorded!: () => void;
    const changed = new Promise<void>((resolve) => {
      recorded = resolve;
    });
    const running = gather({
      dir: watched,
      kubeConfig: realServer().kubeConfig(),
      namespaces: [ns.name],
      kinds: ['configmaps'],
      watchMs: 600_000,
      watchStop: stop.signal,
      onProgress: (p) => {
        if (p.phase === 'watching') watching();
        if (p.changes === 1) recorded();
      },
    });
    await started;
    const args = ['get', 'configmaps', '-n', ns.name];
    const before = await kubectl(liveKubeconfig, ...args);
    await live.patch(
      { apiVersion: 'v1', kind: 'ConfigMap' },
      'three',
      { type: 'merge', patch: { data: { d: '4' } } },
      { namespace: ns.name },
    );
    await changed;
    stop.abort();
    await running;
    const after = await kubectl(liveKubeconfig, ...args);
    expect(cells(after)).toContainEqual(['three', '4', '*']);
    const end = await serveRecording({ dir: watched, log: () => {} });
    try {
      expect(cells(await kubectl(end.kubeconfigPath, ...args))).toEqual(cells(after));
    } finally {
      await end.server.stop();
    }
    const start = await serveRecording({ dir: watched, fromStart: true, speed: 0.001, log: () => {} });
    try {
      expect(cells(await kubectl(start.kubeconfigPath, ...args))).toEqual(cells(before));
    } finally {
      await start.server.stop();
    }
  });

  it('a recording without Tables (an older one) still serves Name and Age', async () => {
    const old = join(scratch, 'old');
    try {
      await cp(dir, old, { recursive: true });
      await rm(join(old, 'tables'), { recursive: true });
      const manifest = JSON.parse(await readFile(join(old, 'recording.json'), 'utf8')) as RecordingManifest;
      for (const k of manifest.kinds) delete k.table;
      await writeFile(join(old, 'recording.json'), JSON.stringify(manifest));
      const oldServed = await serveRecording({ dir: old, log: () => {} });
      try {
        expect(oldServed.problems).toEqual([]);
        expect(cells(await kubectl(oldServed.kubeconfigPath, 'get', 'pods', '-n', ns.name))).toEqual([
          ['NAME', 'AGE'],
          ['solo', '*'],
          ['web-1', '*'],
        ]);
      } finally {
        await oldServed.server.stop();
      }
    } finally {
      await rm(old, { recursive: true, force: true });
    }
  });
});
