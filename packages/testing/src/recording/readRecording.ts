import type { Dirent } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { findReason, parseManifests } from '@kubekit/core';
import { TestEnvironmentError } from '../errors.js';
import type { FakeObject } from '../fake/engine/types.js';
import {
  CLUSTER_DIR,
  CORE_GROUP_DIR,
  DISCOVERY_DIR,
  decodeName,
  discoveryPath,
  NAMESPACES_DIR,
  RECORDING_FILE,
  type RecordedTable,
  type RecordingManifest,
  TABLES_DIR,
  VERSION_FILE,
  WATCH_FILE,
  type WatchRecord,
} from './layout.js';

/**
 * Why part of a recording was not served (the rest is):
 * - `Unreadable`: a file or folder could not be read (permissions, I/O).
 * - `InvalidFile`: a file is not valid YAML/JSON, or not what its place in the layout says.
 * - `MissingDefinition`: objects of a kind that neither the recorded discovery nor a recorded CRD defines.
 * - `InvalidObject`: an object the server could not take (no name, resourceVersion not a number).
 * - `InvalidChange`: a line of `watch.jsonl` that cannot be replayed.
 */
export type RecordingProblemReason =
  | 'Unreadable'
  | 'InvalidFile'
  | 'MissingDefinition'
  | 'InvalidObject'
  | 'InvalidChange';

/** A part of a recording that is not served, and why; the rest of the recording is. */
export interface RecordingProblem {
  /** What kind of problem it is. */
  readonly reason: RecordingProblemReason;
  /** The file or folder, relative to the recording folder (`watch.jsonl:12` for a line). */
  readonly file: string;
  /** What was wrong, naming the file. */
  readonly message: string;
}

/** One recorded object and where it came from. */
export interface RecordedObject {
  /** Relative path in the recording. */
  readonly file: string;
  readonly group: string;
  readonly version: string;
  readonly kind: string;
  readonly object: FakeObject;
}

/** An APIResourceList entry, as discovery serves it. */
export interface RecordedApiResource {
  name: string;
  singularName?: string;
  namespaced: boolean;
  kind: string;
  verbs?: string[];
  shortNames?: string[];
  categories?: string[];
  group?: string;
  version?: string;
}

/** A recording read into memory. */
export interface Recording {
  readonly dir: string;
  readonly manifest: RecordingManifest | undefined;
  /** `version.json` as recorded. */
  readonly version: Record<string, unknown> | undefined;
  /** Group names in `discovery/apis.json` order, with their versions, preferred first. */
  readonly groupVersions: ReadonlyMap<string, readonly string[]>;
  /** Every recorded APIResourceList, by group-version (`v1`, `apps/v1`). */
  readonly resourceLists: ReadonlyMap<string, { group: string; version: string; resources: RecordedApiResource[] }>;
  readonly objects: readonly RecordedObject[];
  /** The recorded Tables (`tables/`), by `<group>/<version>/<kind>`; empty for a recording without. */
  readonly tables: ReadonlyMap<string, RecordedTable>;
  readonly changes: readonly (WatchRecord & { line: number })[];
  readonly problems: RecordingProblem[];
}

const describeError = (err: unknown): string => (err instanceof Error ? err.message : String(err));

/**
 * Reads a recording folder (see `layout.ts`). What cannot be read is listed in `problems` and
 * the rest is returned.
 * @throws {@link TestEnvironmentError} `InvalidRecording` when the folder itself cannot be read.
 */
export async function readRecording(dir: string): Promise<Recording> {
  try {
    if (!(await stat(dir)).isDirectory()) throw new Error('not a folder');
    await readdir(dir);
  } catch (err) {
    throw new TestEnvironmentError('InvalidRecording', `cannot read the recording ${dir}: ${describeError(err)}`, {
      cause: err,
    });
  }
  const problems: RecordingProblem[] = [];
  const problem = (reason: RecordingProblemReason, file: string, message: string) =>
    problems.push({ reason, file, message: `${file}: ${message}` });

  const readJson = async <T>(file: string, required: boolean): Promise<T | undefined> => {
    let text: string;
    try {
      text = await readFile(join(dir, file), 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT' || required) {
        problem('Unreadable', file, describeError(err));
      }
      return undefined;
    }
    try {
      return JSON.parse(text) as T;
    } catch (err) {
      problem('InvalidFile', file, `not valid JSON: ${describeError(err)}`);
      return undefined;
    }
  };

  const manifest = await readJson<RecordingManifest>(RECORDING_FILE, true);
  const version = await readJson<Record<string, unknown>>(VERSION_FILE, false);

  const groupVersions = new Map<string, string[]>();
  const groups = await readJson<{ groups?: Array<{ name: string; versions?: Array<{ version: string }> }> }>(
    discoveryPath('/apis'),
    true,
  );
  const core = await readJson<{ versions?: string[] }>(discoveryPath('/api'), true);
  groupVersions.set('', core?.versions ?? ['v1']);
  for (const g of groups?.groups ?? [])
    groupVersions.set(
      g.name,
      (g.versions ?? []).map((v) => v.version),
    );

  const resourceLists = new Map<string, { group: string; version: string; resources: RecordedApiResource[] }>();
  for (const file of await walk(dir, DISCOVERY_DIR, problem)) {
    const rel = relative(DISCOVERY_DIR, file).split(sep);
    let group: string;
    let ver: string;
    if (rel.length === 2 && rel[0] === 'api') [group, ver] = ['', (rel[1] as string).replace(/\.json$/, '')];
    else if (rel.length === 3 && rel[0] === 'apis')
      [group, ver] = [rel[1] as string, (rel[2] as string).replace(/\.json$/, '')];
    else continue;
    const list = await readJson<{ kind?: string; resources?: RecordedApiResource[] }>(file, true);
    if (!list) continue;
    if (!Array.isArray(list.resources)) {
      problem('InvalidFile', file, 'not an APIResourceList (no resources)');
      continue;
    }
    resourceLists.set(group ? `${group}/${ver}` : ver, { group, version: ver, resources: list.resources });
  }

  const objects: RecordedObject[] = [];
  for (const root of [CLUSTER_DIR, NAMESPACES_DIR]) {
    for (const file of await walk(dir, root, problem)) {
      if (!/\.ya?ml$/.test(file)) continue;
      const parts = file.split(sep);
      const tail = root === CLUSTER_DIR ? parts.slice(1) : parts.slice(2);
      if (tail.length !== 4) {
        problem('InvalidFile', file, 'not where the layout puts an object (<group>/<version>/<kind>/<name>.yaml)');
        continue;
      }
      const [groupDir, ver, kind] = tail as [string, string, string, string];
      let text: string;
      try {
        text = await readFile(join(dir, file), 'utf8');
      } catch (err) {
        problem('Unreadable', file, describeError(err));
        continue;
      }
      let docs: FakeObject[];
      try {
        docs = parseManifests(text, file) as FakeObject[];
      } catch (err) {
        problem('InvalidFile', file, findReason(err, 'InvalidManifest')?.message ?? describeError(err));
        continue;
      }
      if (docs.length !== 1) {
        problem('InvalidFile', file, `holds ${docs.length} objects; a recording has one per file`);
        continue;
      }
      const object = docs[0] as FakeObject;
      const name = decodeName((tail[3] as string).replace(/\.ya?ml$/, ''));
      if (object.metadata?.name !== name) {
        problem(
          'InvalidFile',
          file,
          `holds "${String(object.metadata?.name)}", not the object "${name}" its name says`,
        );
        continue;
      }
      const group = groupDir === CORE_GROUP_DIR ? '' : groupDir;
      if (root === NAMESPACES_DIR) {
        object.metadata.namespace = parts[1];
      }
      objects.push({ file, group, version: ver, kind, object });
    }
  }

  const tables = new Map<string, RecordedTable>();
  for (const file of await walk(dir, TABLES_DIR, problem)) {
    if (!file.endsWith('.json')) continue;
    const parts = relative(TABLES_DIR, file).split(sep);
    if (parts.length !== 3) {
      problem('InvalidFile', file, 'not where the layout puts a Table (tables/<group>/<version>/<kind>.json)');
      continue;
    }
    const [groupDir, ver, kindFile] = parts as [string, string, string];
    const table = await readJson<RecordedTable>(file, true);
    if (table === undefined) continue;
    const bad = invalidTable(table);
    if (bad) {
      problem('InvalidFile', file, `${bad}; the kind is served without its recorded Table`);
      continue;
    }
    tables.set(`${groupDir === CORE_GROUP_DIR ? '' : groupDir}/${ver}/${kindFile.replace(/\.json$/, '')}`, table);
  }

  const changes: Array<WatchRecord & { line: number }> = [];
  let watchText: string | undefined;
  try {
    watchText = await readFile(join(dir, WATCH_FILE), 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') problem('Unreadable', WATCH_FILE, describeError(err));
  }
  const lines = watchText?.split('\n') ?? [];
  for (let i = 0; i < lines.length; i++) {
    const line = (lines[i] as string).trim();
    if (line === '') continue;
    const where = `${WATCH_FILE}:${i + 1}`;
    let change: WatchRecord;
    try {
      change = JSON.parse(line) as WatchRecord;
    } catch (err) {
      problem('InvalidChange', where, `not valid JSON: ${describeError(err)}`);
      continue;
    }
    const bad = invalidChange(change);
    if (bad) problem('InvalidChange', where, bad);
    else changes.push({ ...change, line: i + 1 });
  }
  return { dir, manifest, version, groupVersions, resourceLists, objects, tables, changes, problems };
}

/** What is wrong with a recorded Table, or undefined. */
function invalidTable(t: RecordedTable): string | undefined {
  if (typeof t !== 'object' || t === null) return 'not a Table (an object with columnDefinitions and rows)';
  const columns = t.columnDefinitions;
  if (!Array.isArray(columns) || columns.length === 0) return 'no columnDefinitions';
  const c = columns.findIndex((col) => typeof col?.name !== 'string' || typeof col.type !== 'string');
  if (c >= 0) return `columnDefinitions[${c}] has no name or type`;
  if (!Array.isArray(t.rows)) return 'no rows';
  const r = t.rows.findIndex(
    (row) =>
      typeof row?.name !== 'string' ||
      typeof row.resourceVersion !== 'string' ||
      !Array.isArray(row.cells) ||
      row.cells.length !== columns.length,
  );
  if (r >= 0) return `rows[${r}] has no name, resourceVersion, or one cell per column`;
  return undefined;
}

function invalidChange(c: WatchRecord): string | undefined {
  if (typeof c !== 'object' || c === null) return 'not an object';
  if (!['ADDED', 'MODIFIED', 'DELETED'].includes(c.type))
    return `type "${String(c.type)}" is not ADDED, MODIFIED or DELETED`;
  if (typeof c.offsetMs !== 'number' || c.offsetMs < 0) return 'offsetMs is not a non-negative number';
  if (typeof c.name !== 'string' || typeof c.kind !== 'string' || typeof c.version !== 'string') {
    return 'name, kind and version are required';
  }
  if (c.type === 'ADDED' && typeof c.object !== 'object') return 'an ADDED change carries no object';
  if (c.type === 'MODIFIED' && !Array.isArray(c.patch)) return 'a MODIFIED change carries no patch';
  return undefined;
}

/** Files under `dir/sub` (relative to `dir`), in name order; unreadable folders become problems. */
async function walk(
  dir: string,
  sub: string,
  problem: (reason: RecordingProblemReason, file: string, message: string) => void,
): Promise<string[]> {
  let entries: Dirent[];
  try {
    entries = await readdir(join(dir, sub), { withFileTypes: true });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') problem('Unreadable', sub, describeError(err));
    return [];
  }
  const out: string[] = [];
  for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const rel = join(sub, e.name);
    let folder = e.isDirectory();
    if (e.isSymbolicLink()) {
      try {
        folder = (await stat(join(dir, rel))).isDirectory();
      } catch (err) {
        problem('Unreadable', rel, describeError(err));
        continue;
      }
    }
    if (folder) out.push(...(await walk(dir, rel, problem)));
    else out.push(rel);
  }
  return out;
}
