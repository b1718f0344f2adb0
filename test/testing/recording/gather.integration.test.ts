/**
 * `gather` against the real API server: a namespace seeded with 26 namespaced kinds (and 4
 * cluster-scoped objects) is recorded; the files, their layout and their contents are checked
 * against what the live server answers; redaction, resuming, refused lists and recorded changes.
 */

import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { Client } from '@kubekit/client';
import { type KubeObject, parseApiVersion, parseManifests } from '@kubekit/core';
import {
  type GatherSummary,
  gather,
  installCrds,
  REDACTED_BASE64,
  type RecordingManifest,
  type TestNamespace,
  type WatchRecord,
} from '@kubekit/testing';
import { applyPatch } from 'rfc6902';
import { seedCluster } from '../../support/clusterSeed.js';
import { FIXTURE_CRDS } from '../../support/paths.js';
import { describeReal, realServer } from '../../support/realServer.js';

const SECRET = 'hunter2-s3cr3t-value';

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => relative(dir, join(e.parentPath, e.name)));
}

const fileOf = (o: KubeObject): string => {
  const { group, version } = parseApiVersion(o.apiVersion as string);
  const g = group === '' ? 'core' : group;
  const ns = o.metadata?.namespace;
  const name = o.metadata?.name as string;
  return ns
    ? join('namespaces', ns, g, version, o.kind as string, `${name}.yaml`)
    : join('cluster', g, version, o.kind as string, `${name}.yaml`);
};

describeReal('gather against the real API server', () => {
  let ns: TestNamespace;
  let client: Client;
  let seeded: KubeObject[];
  let dir: string;
  let summary: GatherSummary;
  const scratch: string[] = [];

  beforeAll(async () => {
    await installCrds(realServer().kubeConfig(), [FIXTURE_CRDS]);
    ns = await realServer().namespace('gather');
    client = new Client({ kubeConfig: realServer().kubeConfig(), qps: 0 });
    seeded = await seedCluster(client, ns.name, SECRET);
    dir = await mkdtemp(join(tmpdir(), 'kubekit-gather-'));
    scratch.push(dir);
    summary = await gather({
      dir,
      kubeConfig: realServer().kubeConfig(),
      namespaces: [ns.name],
      secretValues: [SECRET],
    });
  });
  afterAll(async () => {
    client.close();
    await ns.cleanup();
    for (const d of scratch) await rm(d, { recursive: true, force: true });
  });

  it('writes every seeded object as the live server serves it, in the layout by scope, group, version and kind', async () => {
    const kinds = new Set(seeded.map((o) => `${o.apiVersion}/${o.kind}`));
    expect(kinds.size).toBeGreaterThanOrEqual(30);
    for (const obj of seeded) {
      const [written] = parseManifests(await readFile(join(dir, fileOf(obj)), 'utf8'));
      const live = await client.get(
        { apiVersion: obj.apiVersion as string, kind: obj.kind as string },
        obj.metadata?.name as string,
        {
          namespace: obj.metadata?.namespace,
        },
      );
      if (obj.kind === 'Secret') {
        expect(written).toEqual({ ...live, data: { password: REDACTED_BASE64, user: REDACTED_BASE64 } });
      } else if (obj.kind === 'ConfigMap') {
        expect(written).toEqual({ ...live, data: { ...(live as { data: object }).data, token: 'REDACTED' } });
      } else {
        expect(written).toEqual(live);
      }
    }
    // the custom resource keeps its status, uid and its owner's uid as served
    const [widget] = parseManifests(
      await readFile(join(dir, 'namespaces', ns.name, 'test.kubekit.dev', 'v1', 'Widget', 'gear.yaml'), 'utf8'),
    );
    const owner = seeded.find((o) => o.kind === 'ConfigMap');
    expect(widget?.metadata?.ownerReferences?.[0]?.uid).toBe(owner?.metadata?.uid);
    expect((widget as { status?: unknown }).status).toEqual({ replicas: 1, phase: 'Ready' });
  });

  it('writes only objects of the chosen namespaces, and every file it lists in recording.json', async () => {
    const files = await filesUnder(dir);
    const namespaced = files.filter((f) => f.startsWith('namespaces/'));
    expect(namespaced.every((f) => f.startsWith(`namespaces/${ns.name}/`))).toBe(true);
    const manifest = JSON.parse(await readFile(join(dir, 'recording.json'), 'utf8')) as RecordingManifest;
    expect(manifest).toEqual(summary.manifest);
    expect(manifest.format).toBe('kubekit.recording/v1');
    expect(manifest.refused).toEqual([]);
    const objectFiles = files.filter((f) => f.startsWith('namespaces/') || f.startsWith('cluster/'));
    expect(manifest.kinds.reduce((n, k) => n + k.count, 0)).toBe(objectFiles.length);
    expect(summary.objects).toBe(objectFiles.length);
    // the listed count of each kind is what the live server lists
    const live = await client.list({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole' });
    expect(manifest.kinds.find((k) => k.kind === 'ClusterRole')?.count).toBe(live.items.length);
  });

  it('writes the discovery documents and /version as the server serves them', async () => {
    const read = async (f: string) => JSON.parse(await readFile(join(dir, f), 'utf8')) as unknown;
    expect(await read('version.json')).toEqual(await client.getRaw('/version'));
    expect(await read('discovery/api.json')).toEqual(await client.getRaw('/api'));
    expect(await read('discovery/apis.json')).toEqual(await client.getRaw('/apis'));
    expect(await read('discovery/api/v1.json')).toEqual(await client.getRaw('/api/v1'));
    expect(await read('discovery/apis/apps/v1.json')).toEqual(await client.getRaw('/apis/apps/v1'));
    expect(await read('discovery/apis/test.kubekit.dev/v1.json')).toEqual(
      await client.getRaw('/apis/test.kubekit.dev/v1'),
    );
  });

  it('writes the --secret value in no file, neither plain nor base64; Secret data is redacted', async () => {
    const encoded = Buffer.from(SECRET).toString('base64');
    for (const f of await filesUnder(dir)) {
      const text = await readFile(join(dir, f), 'utf8');
      expect(text.includes(SECRET) || text.includes(encoded)).toBe(false);
    }
    const secret = parseManifests(
      await readFile(join(dir, 'namespaces', ns.name, 'core', 'v1', 'Secret', 'credentials.yaml'), 'utf8'),
    )[0] as KubeObject & { data: Record<string, string> };
    expect(secret.data).toEqual({ password: REDACTED_BASE64, user: REDACTED_BASE64 });
  });

  it('keeps Secret data with keepSecrets', async () => {
    const kept = await mkdtemp(join(tmpdir(), 'kubekit-gather-'));
    scratch.push(kept);
    await gather({
      dir: kept,
      kubeConfig: realServer().kubeConfig(),
      namespaces: [ns.name],
      kinds: ['secrets'],
      keepSecrets: true,
    });
    const secret = parseManifests(
      await readFile(join(kept, 'namespaces', ns.name, 'core', 'v1', 'Secret', 'credentials.yaml'), 'utf8'),
    )[0] as KubeObject & { data: Record<string, string> };
    expect(Buffer.from(secret.data.password as string, 'base64').toString()).toBe(SECRET);
  });

  it('resumes: a second run lists only the kinds recording.json does not hold as complete', async () => {
    const manifest = JSON.parse(await readFile(join(dir, 'recording.json'), 'utf8')) as RecordingManifest;
    const deployments = manifest.kinds.find((k) => k.kind === 'Deployment');
    manifest.kinds = manifest.kinds.filter((k) => k !== deployments && k.kind !== 'Deployment');
    await writeFile(join(dir, 'recording.json'), JSON.stringify(manifest));
    const stale = join(dir, 'namespaces', ns.name, 'apps', 'v1', 'Deployment', 'gone.yaml');
    await writeFile(stale, 'left by a run that stopped\n');
    const again = await gather({
      dir,
      kubeConfig: realServer().kubeConfig(),
      namespaces: [ns.name],
      secretValues: [SECRET],
    });
    expect(again.objects).toBe(1);
    expect(again.resumed.length).toBe(manifest.kinds.length);
    expect(again.manifest.kinds.find((k) => k.kind === 'Deployment')?.count).toBe(1);
    expect(await readdir(join(dir, 'namespaces', ns.name, 'apps', 'v1', 'Deployment'))).toEqual(['web.yaml']);
  });

  it('lists what a restricted user may not read as refused (403), and records the rest', async () => {
    const restricted = await mkdtemp(join(tmpdir(), 'kubekit-gather-'));
    scratch.push(restricted);
    const result = await gather({
      dir: restricted,
      kubeConfig: realServer().kubeConfig('restricted'),
      kinds: ['pods', 'secrets', 'customresourcedefinitions'],
    });
    expect(result.manifest.refused.map((r) => [r.resource, r.code]).sort()).toEqual([
      ['pods', 403],
      ['secrets', 403],
    ]);
    expect(result.manifest.refused[0]?.message).toMatch(/forbidden/);
    expect(result.manifest.kinds.map((k) => k.kind)).toEqual(['CustomResourceDefinition']);
    expect(result.objects).toBeGreaterThan(0);
  });

  it('records 100 changes in order with their offsets, as patches that rebuild each state', async () => {
    const watched = await mkdtemp(join(tmpdir(), 'kubekit-gather-'));
    scratch.push(watched);
    const stop = new AbortController();
    let watching!: () => void;
    const started = new Promise<void>((resolve) => {
      watching = resolve;
    });
    let recorded!: () => void;
    const all = new Promise<void>((resolve) => {
      recorded = resolve;
    });
    const running = gather({
      dir: watched,
      kubeConfig: realServer().kubeConfig(),
      namespaces: [ns.name],
      kinds: ['configmaps'],
      secretValues: [SECRET],
      watchMs: 600_000,
      watchStop: stop.signal,
      onProgress: (p) => {
        if (p.phase === 'watching') watching();
        if (p.changes === 100) recorded();
      },
    });
    await started;
    const states: KubeObject[] = [];
    let cm = await client.create({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'counter', namespace: ns.name },
      data: { n: '0' },
    });
    states.push(cm);
    for (let i = 1; i < 99; i++) {
      cm = await client.update({ ...cm, data: { n: String(i), ...(i % 10 === 0 && { [`k${i}`]: SECRET }) } });
      states.push(cm);
    }
    await client.delete({ apiVersion: 'v1', kind: 'ConfigMap' }, 'counter', { namespace: ns.name });
    await all;
    stop.abort();
    const result = await running;
    expect(result.changes).toBe(100);
    expect(result.manifest.watchDurationMs).toBeGreaterThan(0);

    const text = await readFile(join(watched, 'watch.jsonl'), 'utf8');
    expect(text.includes(SECRET)).toBe(false);
    const records = text
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as WatchRecord);
    expect(records.map((r) => r.type)).toEqual(['ADDED', ...Array(98).fill('MODIFIED'), 'DELETED']);
    expect(records.map((r) => r.resourceVersion).slice(0, 99)).toEqual(states.map((s) => s.metadata?.resourceVersion));
    const offsets = records.map((r) => r.offsetMs);
    expect(offsets).toEqual([...offsets].sort((a, b) => a - b));
    const startedAt = Date.parse(result.manifest.startedAt);
    expect(offsets[0]).toBeGreaterThanOrEqual(0);
    expect(startedAt + (offsets[99] as number)).toBeLessThanOrEqual(Date.now());
    // replaying the patches rebuilds every state the server had (secret values redacted)
    const state = structuredClone(records[0]?.object) as KubeObject;
    expect(state).toEqual(states[0]);
    for (let i = 1; i < 99; i++) {
      const errors = applyPatch(state, records[i]?.patch ?? []);
      expect(errors.every((e) => e === null)).toBe(true);
      const want = structuredClone(states[i]) as KubeObject & { data: Record<string, string> };
      for (const k of Object.keys(want.data)) if (want.data[k] === SECRET) want.data[k] = 'REDACTED';
      expect(state).toEqual(want);
    }
    expect(records[99]).toMatchObject({ type: 'DELETED', kind: 'ConfigMap', namespace: ns.name, name: 'counter' });
  });
});
