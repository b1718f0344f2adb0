import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { findReason, formatManifests, parseApiVersion, parseManifests } from '@kubekit/core';
import { FakeApiError } from './engine/apiError.js';
import type { FakeStorage } from './engine/storage.js';
import type { FakeObject } from './engine/types.js';

const EXTENSIONS = new Set(['.yaml', '.yml', '.json']);

async function filesOf(path: string): Promise<string[]> {
  if (!(await stat(path)).isDirectory()) return [path];
  const out: string[] = [];
  for (const entry of (await readdir(path, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name))) {
    const full = join(path, entry.name);
    if (entry.isDirectory()) out.push(...(await filesOf(full)));
    else if (EXTENSIONS.has(extname(entry.name))) out.push(full);
  }
  return out;
}

/** Reads every object of YAML/JSON files or folders (recursively, in name order); `List` kinds are unpacked. */
export async function readManifests(paths: readonly string[]): Promise<FakeObject[]> {
  const objects: FakeObject[] = [];
  for (const path of paths) {
    for (const file of await filesOf(path)) {
      try {
        objects.push(...(parseManifests(await readFile(file, 'utf8'), file) as FakeObject[]));
      } catch (err) {
        const invalid = findReason(err, 'InvalidManifest');
        if (invalid) throw FakeApiError.badRequest(invalid.message);
        throw err;
      }
    }
  }
  return objects;
}

/**
 * Stores objects as given (replacing any of the same name), CRDs first so their kinds are served,
 * then Namespaces, then the rest, each in its `metadata.namespace` (`default` when a namespaced
 * object has none; a missing Namespace is created). As a restore does, an object keeps its uid,
 * creationTimestamp, status and finalizers (so owner references between loaded objects hold) and
 * gets a new resourceVersion; defaults are applied and the object is validated.
 * @throws {@link FakeApiError} `BadRequest` for an object whose apiVersion/kind is not served;
 * `Invalid` for an object the kind's checks refuse.
 */
export function loadObjects(storage: FakeStorage, objects: readonly FakeObject[]): number {
  const sorted = [...objects].sort((a, b) => rank(a) - rank(b));
  for (const obj of sorted) {
    const notServed = () =>
      FakeApiError.badRequest(`no kind "${obj.kind}" is served in "${obj.apiVersion}" (${obj.metadata?.name})`);
    let group: string;
    let version: string;
    try {
      ({ group, version } = parseApiVersion(obj.apiVersion ?? ''));
    } catch {
      throw notServed();
    }
    const type = storage.registry.findKind(group, obj.kind ?? '');
    if (!type) throw notServed();
    const gvr = { group, version, resource: type.plural };
    const ns = type.namespaced ? (obj.metadata?.namespace ?? 'default') : undefined;
    if (ns !== undefined && type.plural !== 'namespaces') ensureNamespace(storage, ns);
    storage.restore(gvr, ns, obj);
  }
  return sorted.length;
}

function ensureNamespace(storage: FakeStorage, name: string): void {
  const gvr = { group: '', version: 'v1', resource: 'namespaces' };
  if (!storage.registry.find(gvr)) return;
  try {
    storage.get(gvr, undefined, name);
  } catch {
    storage.create(gvr, undefined, { metadata: { name } });
  }
}

const rank = (o: FakeObject) => (o.kind === 'CustomResourceDefinition' ? 0 : o.kind === 'Namespace' ? 1 : 2);

/** Writes every stored object into `dir`, one multi-document YAML file per kind (`<group>_<plural>.yaml`). */
export async function saveManifests(storage: FakeStorage, dir: string): Promise<number> {
  await mkdir(dir, { recursive: true });
  let count = 0;
  for (const type of storage.registry.all()) {
    const objects = storage.objectsOf(type);
    if (objects.length === 0) continue;
    count += objects.length;
    const text = formatManifests(objects);
    await writeFile(join(dir, `${type.group || 'core'}_${type.plural}.yaml`), text);
  }
  return count;
}
