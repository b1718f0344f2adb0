/**
 * Serving a recording (`serveRecording`, what `kubekit serve` runs): start time for a 10k-object
 * recording across 20 kinds (read, parsed, loaded exactly, 1000 recorded changes applied, listening),
 * the memory it holds, and a full list over HTTPS. Run with `pnpm bench serve`.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Client } from '@kubekit/client';
import { RECORDING_FORMAT, type RecordedKind, serveRecording, type WatchRecord } from '@kubekit/testing';
import { stringify } from 'yaml';
import {
  discoveryPath,
  groupVersionPath,
  objectPath,
  RECORDING_FILE,
  WATCH_FILE,
} from '../packages/testing/dist/recording/layout.js';

const OBJECTS = 10_000;
const NAMESPACES = 10;
const CHANGES = 1_000;
/** 20 namespaced kinds in the recorded discovery of `v1`: 12 of the core group's and 8 made up (the server knows none of them but from discovery). */
const KINDS = [
  'ConfigMap',
  'Secret',
  'Service',
  'ServiceAccount',
  'Pod',
  'Endpoints',
  'Event',
  'LimitRange',
  'ResourceQuota',
  'PersistentVolumeClaim',
  'PodTemplate',
  'ReplicationController',
  'Widget',
  'Gadget',
  'Sprocket',
  'Gizmo',
  'Doohickey',
  'Thingamajig',
  'Whatsit',
  'Contraption',
].map((kind) => ({ kind, resource: `${kind.toLowerCase()}s` }));

async function put(dir: string, file: string, text: string): Promise<void> {
  await mkdir(dirname(join(dir, file)), { recursive: true });
  await writeFile(join(dir, file), text);
}

async function writeRecording(dir: string): Promise<void> {
  const kinds: RecordedKind[] = KINDS.map((k) => ({
    group: '',
    version: 'v1',
    kind: k.kind,
    resource: k.resource,
    namespaced: true,
    count: OBJECTS / KINDS.length,
  }));
  await put(
    dir,
    RECORDING_FILE,
    JSON.stringify({
      format: RECORDING_FORMAT,
      startedAt: new Date(0).toISOString(),
      server: 'bench',
      kinds,
      refused: [],
    }),
  );
  await put(dir, discoveryPath('/api'), JSON.stringify({ kind: 'APIVersions', versions: ['v1'] }));
  await put(dir, discoveryPath('/apis'), JSON.stringify({ kind: 'APIGroupList', groups: [] }));
  await put(
    dir,
    discoveryPath(groupVersionPath('', 'v1')),
    JSON.stringify({
      kind: 'APIResourceList',
      groupVersion: 'v1',
      resources: [
        {
          name: 'namespaces',
          singularName: 'namespace',
          namespaced: false,
          kind: 'Namespace',
          verbs: ['get', 'list', 'watch'],
        },
        ...KINDS.map((k) => ({
          name: k.resource,
          singularName: k.kind.toLowerCase(),
          namespaced: true,
          kind: k.kind,
          verbs: ['get', 'list', 'watch'],
        })),
      ],
    }),
  );
  let rv = 1000;
  for (let n = 0; n < NAMESPACES; n++) {
    await put(
      dir,
      objectPath({ group: '', version: 'v1', kind: 'Namespace', name: `ns-${n}` }),
      stringify({
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: { name: `ns-${n}`, uid: `ns-${n}`, resourceVersion: String(rv++) },
      }),
    );
  }
  const writes: Promise<void>[] = [];
  for (let i = 0; i < OBJECTS; i++) {
    const k = KINDS[i % KINDS.length] as (typeof KINDS)[number];
    const namespace = `ns-${i % NAMESPACES}`;
    const name = `obj-${i}`;
    const object = {
      apiVersion: 'v1',
      kind: k.kind,
      metadata: {
        name,
        namespace,
        uid: `00000000-0000-0000-0000-${String(i).padStart(12, '0')}`,
        resourceVersion: String(rv++),
        creationTimestamp: '2026-01-01T00:00:00Z',
        labels: { app: 'bench', shard: String(i % 10) },
        managedFields: [
          {
            manager: 'kubectl',
            operation: 'Apply',
            apiVersion: 'v1',
            time: '2026-01-01T00:00:00Z',
            fieldsType: 'FieldsV1',
            fieldsV1: { 'f:metadata': { 'f:labels': { 'f:app': {}, 'f:shard': {} } }, 'f:data': { 'f:key': {} } },
          },
        ],
      },
      data: { key: `value-${i}` },
    };
    writes.push(put(dir, objectPath({ group: '', version: 'v1', kind: k.kind, namespace, name }), stringify(object)));
    if (writes.length >= 64) await Promise.all(writes.splice(0));
  }
  await Promise.all(writes);
  const changes: WatchRecord[] = [];
  for (let c = 0; c < CHANGES; c++) {
    changes.push({
      offsetMs: 1000 + c * 10,
      type: 'MODIFIED',
      group: '',
      version: 'v1',
      kind: 'ConfigMap',
      namespace: 'ns-0',
      name: 'obj-0',
      resourceVersion: String(rv++),
      patch: [{ op: 'replace', path: '/data/key', value: `change-${c}` }],
    });
  }
  await put(dir, WATCH_FILE, `${changes.map((c) => JSON.stringify(c)).join('\n')}\n`);
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;
const dir = await mkdtemp(join(tmpdir(), 'kubekit-bench-serve-'));
try {
  const wrote = performance.now();
  await writeRecording(dir);
  console.log(
    `wrote a ${OBJECTS}-object recording (${KINDS.length} kinds, ${CHANGES} changes) in ${Math.round(performance.now() - wrote)} ms`,
  );
  const starts: number[] = [];
  const lists: number[] = [];
  const before = process.memoryUsage().rss;
  let peak = before;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 20);
  for (let run = 0; run < 3; run++) {
    const t = performance.now();
    const served = await serveRecording({ dir, log: (line) => console.error(line) });
    starts.push(performance.now() - t);
    peak = Math.max(peak, process.memoryUsage().rss);
    const client = new Client({ kubeConfig: served.server.kubeConfig });
    try {
      const l = performance.now();
      const list = (await client.getRaw('/api/v1/configmaps')) as { items: unknown[] };
      lists.push(performance.now() - l);
      if (list.items.length !== OBJECTS / KINDS.length) throw new Error(`listed ${list.items.length} ConfigMaps`);
    } finally {
      client.close();
      await served.server.stop();
    }
  }
  clearInterval(sampler);
  console.table([
    {
      what: `serveRecording() start, ${OBJECTS} objects / ${KINDS.length} kinds / ${CHANGES} changes`,
      runs: 3,
      median_ms: Math.round(median(starts)),
      max_ms: Math.round(Math.max(...starts)),
    },
    {
      what: `list ${OBJECTS / KINDS.length} ConfigMaps over HTTPS`,
      runs: 3,
      median_ms: Math.round(median(lists)),
      max_ms: Math.round(Math.max(...lists)),
    },
  ]);
  console.log(`peak RSS ${Math.round(peak / 2 ** 20)} MiB (${Math.round(before / 2 ** 20)} MiB before serving)`);
} finally {
  await rm(dir, { recursive: true, force: true });
}
