/**
 * Writes a recording (the layout of `@kubekit/testing`'s `RECORDING_FILES`) from a live API server
 * through a `Client`, for tests of serving recordings: the discovery documents, `/version`, every
 * listable kind of each group's preferred version (namespaced ones in the given namespaces only),
 * and, through {@link ChangeRecorder}, changes as `watch.jsonl` lines. A small stand-in for
 * `kubekit gather`, so these tests do not depend on it.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Client } from '@kubekit/client';
import { RECORDING_FORMAT, type RecordedKind, type RecordingManifest, type WatchRecord } from '@kubekit/testing';
import { stringify } from 'yaml';
import {
  discoveryPath,
  groupVersionPath,
  objectPath,
  RECORDING_FILE,
  VERSION_FILE,
  WATCH_FILE,
} from '../../packages/testing/src/recording/layout.js';

type Obj = { apiVersion?: string; kind?: string; metadata: { name: string; namespace?: string } } & Record<
  string,
  unknown
>;
type ResourceList = { resources: Array<{ name: string; kind: string; namespaced: boolean; verbs: string[] }> };

async function write(dir: string, file: string, text: string): Promise<void> {
  await mkdir(dirname(join(dir, file)), { recursive: true });
  await writeFile(join(dir, file), text);
}

/** Records the server's state into `dir`; returns the kinds written. */
export async function recordCluster(
  client: Client,
  dir: string,
  options: { namespaces: string[]; startedAt?: Date },
): Promise<RecordedKind[]> {
  const startedAt = options.startedAt ?? new Date();
  await write(dir, VERSION_FILE, JSON.stringify(await client.getRaw('/version')));
  const api = (await client.getRaw('/api')) as { versions: string[] };
  await write(dir, discoveryPath('/api'), JSON.stringify(api));
  const apis = (await client.getRaw('/apis')) as {
    groups: Array<{
      name: string;
      versions: Array<{ groupVersion: string; version: string }>;
      preferredVersion: { version: string };
    }>;
  };
  await write(dir, discoveryPath('/apis'), JSON.stringify(apis));
  const preferred: Array<{ group: string; version: string; list: ResourceList }> = [];
  for (const v of api.versions) {
    const list = (await client.getRaw(`/api/${v}`)) as ResourceList;
    await write(dir, discoveryPath(groupVersionPath('', v)), JSON.stringify(list));
    preferred.push({ group: '', version: v, list });
  }
  for (const g of apis.groups) {
    for (const v of g.versions) {
      const list = (await client.getRaw(`/apis/${g.name}/${v.version}`)) as ResourceList;
      await write(dir, discoveryPath(groupVersionPath(g.name, v.version)), JSON.stringify(list));
      if (v.version === g.preferredVersion.version) preferred.push({ group: g.name, version: v.version, list });
    }
  }
  const kinds: RecordedKind[] = [];
  for (const { group, version, list } of preferred) {
    const base = group ? `/apis/${group}/${version}` : `/api/${version}`;
    for (const r of list.resources) {
      if (r.name.includes('/') || !r.verbs.includes('list')) continue;
      const paths = r.namespaced
        ? options.namespaces.map((ns) => `${base}/namespaces/${ns}/${r.name}`)
        : [`${base}/${r.name}`];
      let count = 0;
      for (const path of paths) {
        const items = ((await client.getRaw(path)) as { items: Obj[] }).items;
        for (const o of items) {
          o.apiVersion = group ? `${group}/${version}` : version;
          o.kind = r.kind;
          const file = objectPath({
            group,
            version,
            kind: r.kind,
            namespace: o.metadata.namespace,
            name: o.metadata.name,
          });
          await write(dir, file, stringify(o));
          count++;
        }
      }
      kinds.push({ group, version, kind: r.kind, resource: r.name, namespaced: r.namespaced, count });
    }
  }
  const manifest: RecordingManifest = {
    format: RECORDING_FORMAT,
    startedAt: startedAt.toISOString(),
    server: 'https://127.0.0.1',
    kinds,
    refused: [],
  };
  await write(dir, RECORDING_FILE, JSON.stringify(manifest, null, 2));
  return kinds;
}

/** RFC 6902 operations that turn `from` into `to`, one per changed top-level field. */
export function topLevelPatch(from: Record<string, unknown>, to: Record<string, unknown>): WatchRecord['patch'] {
  const ops: NonNullable<WatchRecord['patch']> = [];
  for (const k of Object.keys(from)) if (!(k in to)) ops.push({ op: 'remove', path: `/${k}` });
  for (const [k, v] of Object.entries(to)) {
    if (JSON.stringify(from[k]) !== JSON.stringify(v))
      ops.push({ op: k in from ? 'replace' : 'add', path: `/${k}`, value: v });
  }
  return ops;
}

/** Keeps the last state of each object and turns watch events into `watch.jsonl` lines. */
export class ChangeRecorder {
  readonly lines: WatchRecord[] = [];
  private readonly last = new Map<string, Record<string, unknown>>();

  constructor(
    private readonly startedAt: number,
    private readonly kind: { group: string; version: string; kind: string },
  ) {}

  /** Remembers an object of the initial state. */
  seed(o: Obj): void {
    this.last.set(`${o.metadata.namespace ?? ''}/${o.metadata.name}`, structuredClone(o));
  }

  /** Records one event, at the time it arrives. */
  record(type: 'ADDED' | 'MODIFIED' | 'DELETED', o: Obj & { metadata: { resourceVersion?: string } }): void {
    const key = `${o.metadata.namespace ?? ''}/${o.metadata.name}`;
    const base: WatchRecord = {
      offsetMs: Date.now() - this.startedAt,
      type,
      ...this.kind,
      ...(o.metadata.namespace ? { namespace: o.metadata.namespace } : {}),
      name: o.metadata.name,
      resourceVersion: o.metadata.resourceVersion ?? '',
    };
    if (type === 'ADDED') this.lines.push({ ...base, object: structuredClone(o) });
    else if (type === 'MODIFIED') this.lines.push({ ...base, patch: topLevelPatch(this.last.get(key) ?? {}, o) });
    else this.lines.push(base);
    if (type === 'DELETED') this.last.delete(key);
    else this.last.set(key, structuredClone(o));
  }

  /** Writes `watch.jsonl` into the recording. */
  async save(dir: string): Promise<void> {
    await write(dir, WATCH_FILE, `${this.lines.map((l) => JSON.stringify(l)).join('\n')}\n`);
  }
}
