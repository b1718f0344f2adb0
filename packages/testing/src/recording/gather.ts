/**
 * `gather`: records a cluster into a folder (see layout.ts): every listable kind that discovery
 * announces, listed page by page, one YAML file per object, with the discovery documents, the
 * server's version, and optionally the changes that follow as RFC 6902 patches.
 */
import { createWriteStream, writeFileSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { type ApiResource, Client, type KubeConfigLike } from '@kubekit/client';
import { InvalidInputError, isApiError, isGone, type KubeObject } from '@kubekit/core';
import { jsonToYaml } from '@kubekit/core/internal';
import { createPatch } from 'rfc6902';
import {
  discoveryPath,
  groupVersionPath,
  kindDir,
  objectPath,
  RECORDING_FILE,
  RECORDING_FORMAT,
  type RecordedKind,
  type RecordedTable,
  type RecordedTableRow,
  type RecordingManifest,
  type RefusedList,
  tablePath,
  VERSION_FILE,
  WATCH_FILE,
  type WatchRecord,
} from './layout.js';
import { redactSecretData, valueRedactor } from './redact.js';

/** Default of {@link GatherOptions.pageSize}. */
export const DEFAULT_GATHER_PAGE_SIZE = 500;
/** Default of {@link GatherOptions.concurrency}. */
export const DEFAULT_GATHER_CONCURRENCY = 8;

/** The `Accept` header of a list as the Table `kubectl get` prints. */
const ACCEPT_TABLE = 'application/json;as=Table;v=v1;g=meta.k8s.io';

/** Options of {@link gather}. */
export interface GatherOptions {
  /** The folder to write; created when missing. A folder holding a recording is resumed (see {@link gather}). */
  dir: string;
  /** The cluster and credentials. @default the kubeconfig as kubectl finds it (`$KUBECONFIG`, `~/.kube/config`, in-cluster) */
  kubeConfig?: KubeConfigLike;
  /**
   * Only these kinds, each named as kubectl names one (`pods`, `deploy`, `deployments.apps`,
   * `Widget`, `widgets.example.com`). @default every kind discovery announces with the `list` verb
   */
  kinds?: readonly string[];
  /** Not these kinds (named as in {@link GatherOptions.kinds}). @default none */
  excludeKinds?: readonly string[];
  /** Only objects in these namespaces (cluster-scoped kinds are still recorded; Namespaces only these). @default all */
  namespaces?: readonly string[];
  /** Not objects in these namespaces (nor these Namespace objects). @default none */
  excludeNamespaces?: readonly string[];
  /** Only objects with these labels (a label selector string, e.g. `app=web,tier!=db`). @default all */
  labelSelector?: string;
  /** Values redacted wherever they occur in what is written, plain or base64-encoded. @default none */
  secretValues?: readonly string[];
  /** Keep Secret `data` as served instead of replacing each value by base64 of `REDACTED`. @default false */
  keepSecrets?: boolean;
  /**
   * After the initial state, go on recording changes into `watch.jsonl` for this long (ms); 0 records
   * none. Kinds skipped by a resumed run are not watched. @default 0
   */
  watchMs?: number;
  /**
   * Ends the recording of changes before `watchMs` has passed (e.g. on Ctrl-C): what was recorded
   * until then is kept, and `watchDurationMs` says how long it was. @default none
   */
  watchStop?: AbortSignal;
  /** Objects per list page. @default 500 ({@link DEFAULT_GATHER_PAGE_SIZE}) */
  pageSize?: number;
  /** Kinds listed at once (requests still go through the client's rate limit). @default 8 */
  concurrency?: number;
  /** Client-side rate limit (requests per second) of the client gather uses. @default the client's (20) */
  qps?: number;
  /** Client-side burst of the client gather uses. @default the client's (30) */
  burst?: number;
  /** Stops gathering (and watching); the promise then rejects with the signal's reason. */
  signal?: AbortSignal;
  /** Called as kinds and objects are done (for a progress display). @default none */
  onProgress?: (progress: GatherProgress) => void;
}

/** Where {@link gather} is. */
export interface GatherProgress {
  /** Kinds finished (written, refused, or skipped as already recorded). */
  kindsDone: number;
  /** Kinds to record. */
  kindsTotal: number;
  /** Objects written so far by this run. */
  objects: number;
  /** Changes recorded so far into `watch.jsonl`. */
  changes: number;
  /** `listing` the initial state, then `watching` (with `watchMs`), then `done`. */
  phase: 'listing' | 'watching' | 'done';
}

/** What {@link gather} wrote. */
export interface GatherSummary {
  /** The recording folder. */
  dir: string;
  /** `recording.json` as written: every kind recorded (this run and earlier ones) and the lists refused. */
  manifest: RecordingManifest;
  /** Objects written by this run. */
  objects: number;
  /** Kinds a resumed run skipped because an earlier run had recorded them completely. */
  resumed: RecordedKind[];
  /** Changes recorded into `watch.jsonl` (0 without `watchMs`). */
  changes: number;
  /** Discovery documents that could not be read (`path`: e.g. `/apis/metrics.k8s.io/v1beta1`). */
  discoveryFailures: {
    /** The discovery path asked for. */
    path: string;
    /** Why it could not be read. */
    message: string;
  }[];
}

/**
 * Records a cluster into `options.dir` in kubekit's recording format (docs/cli.md; `FakeApiServer`
 * serves it): every kind discovery announces with the `list` verb (the preferred version of each
 * group), listed with paging, one YAML file per object as served (uid, resourceVersion,
 * timestamps, owner references and managed fields kept), the discovery documents and `/version`,
 * and each kind's Table as `kubectl get` gets it (the server's columns, a row of cells per object;
 * a kind whose Table the server refuses is recorded without one). Secret `data` is redacted unless
 * `keepSecrets`, and every `secretValues` entry wherever it occurs (in Table cells too).
 *
 * A list the server refuses (403 for a user not allowed to list a kind, 404, 405, 503 from an
 * aggregated API) is listed in `recording.json`'s `refused` and does not stop the rest; a 401 or a
 * connection failure does. `recording.json` is rewritten after each kind, so a run that stopped can
 * be resumed: run again on the same folder and the kinds it lists as complete are skipped (a kind
 * that was half written is written again from scratch).
 *
 * @throws InvalidInputError when `dir` holds files but no recording, or an option is out of range;
 *   NoKindMatchError for a kind in `kinds`/`excludeKinds` the server does not serve; the client's
 *   errors for a failure that is not a refused list.
 */
export async function gather(options: GatherOptions): Promise<GatherSummary> {
  const o = resolveGatherOptions(options);
  const client = new Client({
    ...(o.kubeConfig && { kubeConfig: o.kubeConfig }),
    ...(o.qps !== undefined && { qps: o.qps }),
    ...(o.burst !== undefined && { burst: o.burst }),
  });
  try {
    return await new Gatherer(o, client).run();
  } finally {
    client.close();
  }
}

type ResolvedGatherOptions = GatherOptions &
  Required<Pick<GatherOptions, 'keepSecrets' | 'watchMs' | 'pageSize' | 'concurrency'>>;

function resolveGatherOptions(options: GatherOptions): ResolvedGatherOptions {
  if (typeof options?.dir !== 'string' || options.dir === '') throw new InvalidInputError('dir', 'is required');
  const positive = (name: string, value: number | undefined, fallback: number, min: number): number => {
    const v = value ?? fallback;
    if (!Number.isInteger(v) || v < min) throw new InvalidInputError(name, `must be an integer >= ${min}, got ${v}`);
    return v;
  };
  for (const [i, v] of (options.secretValues ?? []).entries()) {
    if (typeof v !== 'string' || v === '')
      throw new InvalidInputError(`secretValues[${i}]`, 'must be a non-empty string');
  }
  return {
    ...options,
    keepSecrets: options.keepSecrets ?? false,
    watchMs: positive('watchMs', options.watchMs, 0, 0),
    pageSize: positive('pageSize', options.pageSize, DEFAULT_GATHER_PAGE_SIZE, 1),
    concurrency: positive('concurrency', options.concurrency, DEFAULT_GATHER_CONCURRENCY, 1),
  };
}

/** A list to make: a kind across namespaces, or in one namespace. */
interface ListTask {
  resource: ApiResource;
  namespace: string | undefined;
}

/** What a kind's initial lists leave for its watch. */
interface WatchStart {
  resource: ApiResource;
  namespace: string | undefined;
  resourceVersion: string;
}

const kindKey = (k: { group: string; version: string; resource: string }) => `${k.group}/${k.version}/${k.resource}`;
const objectKeyOf = (o: KubeObject) => `${o.metadata?.namespace ?? ''}/${o.metadata?.name ?? ''}`;

/** One run of {@link gather}. */
class Gatherer {
  readonly #o: ResolvedGatherOptions;
  readonly #client: Client;
  readonly #redactValues: <T>(value: T) => T;
  readonly #dirs = new Map<string, Promise<void>>();
  #manifest!: RecordingManifest;
  #manifestWrite: Promise<void> = Promise.resolve();
  #progress: GatherProgress = { kindsDone: 0, kindsTotal: 0, objects: 0, changes: 0, phase: 'listing' };
  /** With `watchMs`: the recorded Table of every kind, to add the rows of the last states to. */
  readonly #tables = new Map<string, RecordedTable>();
  /** With `watchMs`: the last recorded state of every object, per kind. */
  readonly #states = new Map<string, Map<string, KubeObject>>();

  constructor(o: ResolvedGatherOptions, client: Client) {
    this.#o = o;
    this.#client = client;
    this.#redactValues = valueRedactor(o.secretValues ?? []);
  }

  async run(): Promise<GatherSummary> {
    const o = this.#o;
    const signal = o.signal;
    const previous = await this.#readPrevious();
    const server = o.kubeConfig?.getCurrentCluster()?.server ?? '';
    this.#manifest = previous ?? {
      format: RECORDING_FORMAT,
      startedAt: new Date().toISOString(),
      server,
      kinds: [],
      refused: [],
    };
    const startedAtMs = Date.parse(this.#manifest.startedAt);
    await mkdir(o.dir, { recursive: true });

    const resources = await this.#selectResources();
    const done = new Set(this.#manifest.kinds.map(kindKey));
    const resumed = this.#manifest.kinds.filter((k) => resources.some((r) => kindKey(toKindKey(r)) === kindKey(k)));
    const todo = resources.filter((r) => !done.has(kindKey(toKindKey(r))));
    // a kind listed again is refused or written afresh
    const again = new Set(todo.map((r) => kindKey(toKindKey(r))));
    this.#manifest.refused = this.#manifest.refused.filter((f) => !again.has(kindKey(f)));
    if (previous) for (const r of todo) await this.#removeKind(r);

    this.#progress = {
      kindsDone: resumed.length,
      kindsTotal: resumed.length + todo.length,
      objects: 0,
      changes: 0,
      phase: 'listing',
    };
    this.#report();

    const discoveryFailures = await this.#writeDiscovery(signal);
    const watchStarts: WatchStart[] = [];
    await pool(todo, o.concurrency, async (r) => {
      const starts = await this.#recordKind(r);
      if (starts) watchStarts.push(...starts);
      this.#progress.kindsDone++;
      this.#report();
    });

    let changes = 0;
    if (o.watchMs > 0) {
      this.#progress.phase = 'watching';
      this.#report();
      const watchStarted = Date.now();
      changes = await this.#watch(watchStarts, startedAtMs);
      if (changes > 0) await this.#recordLastRows(watchStarts);
      this.#manifest.watchDurationMs = Math.min(o.watchMs, Date.now() - watchStarted);
      await this.#saveManifest();
    }
    await this.#manifestWrite;
    this.#progress.phase = 'done';
    this.#report();
    return {
      dir: o.dir,
      manifest: this.#manifest,
      objects: this.#progress.objects,
      resumed,
      changes,
      discoveryFailures,
    };
  }

  #report(): void {
    this.#o.onProgress?.({ ...this.#progress });
  }

  /** The manifest of a recording in `dir` to resume, `undefined` for an empty or missing folder. */
  async #readPrevious(): Promise<RecordingManifest | undefined> {
    const dir = this.#o.dir;
    let entries: string[];
    try {
      entries = await readdir(dir);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw err;
    }
    if (entries.length === 0) return undefined;
    let text: string;
    try {
      text = await readFile(join(dir, RECORDING_FILE), 'utf8');
    } catch {
      throw new InvalidInputError('dir', `${dir} holds files but no ${RECORDING_FILE}: not a recording to resume`);
    }
    let manifest: RecordingManifest;
    try {
      manifest = JSON.parse(text) as RecordingManifest;
    } catch (err) {
      throw new InvalidInputError('dir', `${join(dir, RECORDING_FILE)} is not JSON: ${(err as Error).message}`);
    }
    if (manifest?.format !== RECORDING_FORMAT || !Array.isArray(manifest.kinds) || !Array.isArray(manifest.refused)) {
      throw new InvalidInputError('dir', `${join(dir, RECORDING_FILE)} is not a ${RECORDING_FORMAT} recording`);
    }
    delete manifest.watchDurationMs;
    return manifest;
  }

  /** The kinds to record: listable, preferred versions, filtered by the kind options. */
  async #selectResources(): Promise<ApiResource[]> {
    const { kinds, excludeKinds, signal } = this.#o;
    const all = (await this.#client.discovery.resources({ preferredOnly: true, signal })).filter((r) =>
      r.verbs.includes('list'),
    );
    const named = async (names: readonly string[] | undefined) => {
      if (names === undefined) return undefined;
      const found = await Promise.all(names.map((n) => this.#client.discovery.resolve(n, { signal })));
      return new Set(found.map((r) => `${r.group}/${r.plural}`));
    };
    const include = await named(kinds);
    const exclude = await named(excludeKinds);
    return all.filter((r) => {
      const key = `${r.group}/${r.plural}`;
      return (!include || include.has(key)) && !exclude?.has(key);
    });
  }

  /** Removes what an earlier run wrote of a kind it did not finish. */
  async #removeKind(r: ApiResource): Promise<void> {
    const at = { group: r.group, version: r.version, kind: r.kind };
    await rm(join(this.#o.dir, tablePath(at)), { force: true });
    if (r.scope === 'Cluster') {
      await rm(join(this.#o.dir, kindDir(at)), { recursive: true, force: true });
      return;
    }
    const namespaces = await readdir(join(this.#o.dir, 'namespaces')).catch(() => [] as string[]);
    for (const ns of namespaces) {
      await rm(join(this.#o.dir, kindDir({ ...at, namespace: ns })), { recursive: true, force: true });
    }
  }

  /** `/version`, `/api`, `/apis` and each group-version's resource list. */
  async #writeDiscovery(signal: AbortSignal | undefined): Promise<{ path: string; message: string }[]> {
    const failures: { path: string; message: string }[] = [];
    const save = async (apiPath: string, file: string) => {
      try {
        const doc = await this.#client.getRaw(apiPath, { signal });
        await this.#writeText(file, `${JSON.stringify(this.#redactValues(doc), null, 2)}\n`);
      } catch (err) {
        if (!isApiError(err)) throw err;
        failures.push({ path: apiPath, message: err.message });
      }
    };
    const groups = await this.#client.discovery.groups({ signal });
    const paths = groups.flatMap((g) => g.versions.map((v) => groupVersionPath(g.name, v)));
    await Promise.all([
      save('/version', VERSION_FILE),
      save('/api', discoveryPath('/api')),
      save('/apis', discoveryPath('/apis')),
      ...paths.map((p) => save(p, discoveryPath(p))),
    ]);
    return failures;
  }

  /** Lists a kind and writes its objects; returns where its watch starts, `undefined` when refused. */
  async #recordKind(r: ApiResource): Promise<WatchStart[] | undefined> {
    const { namespaces } = this.#o;
    const tasks: ListTask[] =
      r.scope === 'Namespaced' && namespaces
        ? namespaces.map((namespace) => ({ resource: r, namespace }))
        : [{ resource: r, namespace: undefined }];
    let count = 0;
    const starts: WatchStart[] = [];
    let refused = false;
    let table: RecordedTable | undefined = { columnDefinitions: [], rows: [] };
    for (const task of tasks) {
      try {
        const listed = await this.#list(task);
        count += listed.count;
        starts.push({ ...task, resourceVersion: listed.resourceVersion });
        const part = table && (await this.#listTable(task, listed.resourceVersion));
        if (part && table) {
          if (table.columnDefinitions.length === 0) table.columnDefinitions = part.columnDefinitions;
          table.rows.push(...part.rows);
        } else table = undefined;
      } catch (err) {
        if (!isApiError(err) || err.code === 401) throw err;
        refused = true;
        this.#manifest.refused.push({
          group: r.group,
          version: r.version,
          resource: r.plural,
          ...(task.namespace !== undefined && { namespace: task.namespace }),
          code: err.code,
          message: err.status.message ?? err.message,
        } satisfies RefusedList);
      }
    }
    const tabled = !refused && table !== undefined && table.columnDefinitions.length > 0;
    if (tabled) {
      await this.#writeText(tablePath(r), tableText(table as RecordedTable));
      if (this.#o.watchMs > 0) this.#tables.set(kindKey(toKindKey(r)), table as RecordedTable);
    }
    if (!refused) {
      this.#manifest.kinds.push({
        ...toKindKey(r),
        kind: r.kind,
        namespaced: r.scope === 'Namespaced',
        count,
        ...(tabled && { table: true }),
      });
    }
    await this.#saveManifest();
    return refused ? undefined : starts;
  }

  /** One list, page by page, each object written as it comes. */
  async #list(task: ListTask): Promise<{ count: number; resourceVersion: string }> {
    const { resource: r, namespace } = task;
    const { labelSelector, pageSize, signal, watchMs } = this.#o;
    let count = 0;
    let resourceVersion = '';
    const state = watchMs > 0 ? this.#stateOf(r) : undefined;
    for await (const page of this.#client.listPages(r, {
      pageSize,
      signal,
      ...(namespace !== undefined && { namespace }),
      ...(labelSelector !== undefined && { labelSelector }),
    })) {
      resourceVersion ||= page.metadata.resourceVersion ?? '';
      const kept = page.items.filter((item) => this.#wanted(r, item));
      await Promise.all(
        kept.map(async (item) => {
          const obj = this.#redact(r, item);
          state?.set(objectKeyOf(obj), obj);
          await this.#writeObject(r, obj);
        }),
      );
      count += kept.length;
      this.#progress.objects += kept.length;
      this.#report();
    }
    return { count, resourceVersion };
  }

  /**
   * One list as the Table `kubectl get` prints, page by page, in the state of the object list
   * (`resourceVersion`, or the current state once that one is gone). Rows carry their object's
   * metadata (`includeObject=Metadata`), so that each row names the object and state it stands
   * for. `undefined` when the server gives no Table (the kind is then recorded without one).
   */
  async #listTable(task: ListTask, resourceVersion: string): Promise<RecordedTable | undefined> {
    const { resource: r, namespace } = task;
    const { labelSelector, pageSize, signal } = this.#o;
    const at = namespace === undefined ? '' : `/namespaces/${encodeURIComponent(namespace)}`;
    const path = `${groupVersionPath(r.group, r.version)}${at}/${r.plural}`;
    const table: RecordedTable = { columnDefinitions: [], rows: [] };
    let exact = resourceVersion !== '';
    let token: string | undefined;
    for (;;) {
      const query = new URLSearchParams({ includeObject: 'Metadata', limit: String(pageSize) });
      if (labelSelector !== undefined) query.set('labelSelector', labelSelector);
      if (token !== undefined) query.set('continue', token);
      else if (exact) {
        query.set('resourceVersion', resourceVersion);
        query.set('resourceVersionMatch', 'Exact');
      }
      let page: TableWire;
      try {
        page = (await this.#client.getRaw(`${path}?${query}`, { accept: ACCEPT_TABLE, signal })) as TableWire;
      } catch (err) {
        if (!isApiError(err) || err.code === 401) throw err;
        if (token === undefined && exact) {
          exact = false; // that state is gone (410): the current one, whose rows match fewer objects
          continue;
        }
        return undefined;
      }
      if (page?.kind !== 'Table' || !Array.isArray(page.columnDefinitions) || !Array.isArray(page.rows)) {
        return undefined;
      }
      if (table.columnDefinitions.length === 0) {
        table.columnDefinitions = page.columnDefinitions.map((c) => ({
          name: c.name,
          type: c.type,
          format: c.format ?? '',
          description: c.description ?? '',
          priority: c.priority ?? 0,
        }));
      }
      for (const row of page.rows) {
        const meta = row.object?.metadata;
        if (!meta?.name || !Array.isArray(row.cells) || !this.#wanted(r, { metadata: meta } as KubeObject)) continue;
        table.rows.push({
          ...(meta.namespace && { namespace: meta.namespace }),
          name: meta.name,
          resourceVersion: meta.resourceVersion ?? '',
          cells: this.#redactValues(row.cells),
        } satisfies RecordedTableRow);
      }
      token = page.metadata?.continue || undefined;
      if (token === undefined) return table;
    }
  }

  /**
   * After recording changes: adds to each changed kind's Table the rows of its objects' last
   * recorded states (what a recording served at its end shows), listed again now; a row of a state
   * that is not the last recorded one (changed since the watch ended) is left out.
   */
  async #recordLastRows(starts: readonly WatchStart[]): Promise<void> {
    const changed = new Set<string>();
    for (const start of starts) {
      const key = kindKey(toKindKey(start.resource));
      const table = this.#tables.get(key);
      if (!table) continue;
      const part = await this.#listTable({ resource: start.resource, namespace: start.namespace }, '');
      const state = this.#stateOf(start.resource);
      const known = new Set(table.rows.map((row) => `${row.namespace ?? ''}/${row.name}@${row.resourceVersion}`));
      for (const row of part?.rows ?? []) {
        const objectKey = `${row.namespace ?? ''}/${row.name}`;
        const last = state.get(objectKey)?.metadata?.resourceVersion;
        if (last !== row.resourceVersion || known.has(`${objectKey}@${last}`)) continue;
        table.rows.push(row);
        changed.add(key);
      }
      if (changed.has(key)) await this.#writeText(tablePath(start.resource), tableText(table));
    }
  }

  /** Whether an object passes the namespace options. */
  #wanted(r: ApiResource, obj: KubeObject): boolean {
    const { namespaces, excludeNamespaces } = this.#o;
    const ns = r.group === '' && r.kind === 'Namespace' ? obj.metadata?.name : obj.metadata?.namespace;
    if (ns === undefined) return true;
    if (r.kind === 'Namespace' && r.group === '' && namespaces && !namespaces.includes(ns)) return false;
    return !excludeNamespaces?.includes(ns);
  }

  #redact(r: ApiResource, obj: KubeObject): KubeObject {
    const secret = r.group === '' && r.kind === 'Secret' && !this.#o.keepSecrets;
    return this.#redactValues(secret ? redactSecretData(obj) : obj);
  }

  async #writeObject(r: ApiResource, obj: KubeObject): Promise<void> {
    const path = objectPath({
      group: r.group,
      version: r.version,
      kind: r.kind,
      namespace: r.scope === 'Namespaced' ? obj.metadata?.namespace : undefined,
      name: obj.metadata?.name ?? '',
    });
    await this.#writeText(path, jsonToYaml(obj));
  }

  /**
   * Writes a file, its folder made once. Synchronously: a recording is thousands of small files,
   * and a synchronous write costs a fraction of the three thread-pool round trips of an async one
   * (the lists in flight wait a few milliseconds per page).
   */
  async #writeText(relative: string, text: string): Promise<void> {
    const file = join(this.#o.dir, relative);
    const dir = dirname(file);
    let made = this.#dirs.get(dir);
    if (!made) {
      made = mkdir(dir, { recursive: true }).then(() => undefined);
      this.#dirs.set(dir, made);
    }
    await made;
    writeFileSync(file, text);
  }

  /** Writes `recording.json` (whole, then renamed over the old one), one write after the other. */
  #saveManifest(): Promise<void> {
    const text = `${JSON.stringify(this.#manifest, null, 2)}\n`;
    const file = join(this.#o.dir, RECORDING_FILE);
    this.#manifestWrite = this.#manifestWrite.then(async () => {
      await writeFile(`${file}.tmp`, text);
      await rename(`${file}.tmp`, file);
    });
    return this.#manifestWrite;
  }

  #stateOf(r: ApiResource): Map<string, KubeObject> {
    const key = kindKey(toKindKey(r));
    let state = this.#states.get(key);
    if (!state) {
      state = new Map();
      this.#states.set(key, state);
    }
    return state;
  }

  /** Records the changes of every watchable kind for `watchMs` into `watch.jsonl`; returns how many. */
  async #watch(starts: readonly WatchStart[], startedAtMs: number): Promise<number> {
    const { watchMs, labelSelector, signal, watchStop } = this.#o;
    const stop = AbortSignal.any([AbortSignal.timeout(watchMs), ...[signal, watchStop].filter((s) => s !== undefined)]);
    const out = createWriteStream(join(this.#o.dir, WATCH_FILE));
    const written = new Promise<void>((resolve, reject) => {
      out.once('finish', resolve);
      out.once('error', reject);
    });
    let changes = 0;
    const emit = (record: WatchRecord) => {
      out.write(`${JSON.stringify(record)}\n`);
      changes++;
      this.#progress.changes = changes;
      this.#report();
    };
    const watchOne = async (start: WatchStart) => {
      const { resource: r, namespace } = start;
      const state = this.#stateOf(r);
      let resourceVersion = start.resourceVersion;
      while (!stop.aborted) {
        for await (const event of this.#client.watch(r, {
          resourceVersion,
          signal: stop,
          ...(namespace !== undefined && { namespace }),
          ...(labelSelector !== undefined && { labelSelector }),
        })) {
          if (event.type === 'ERROR') {
            if (isGone(event.error)) return; // the history is gone: nothing in order to record
            throw event.error;
          }
          resourceVersion = event.object.metadata?.resourceVersion ?? resourceVersion;
          if (event.type === 'BOOKMARK' || !this.#wanted(r, event.object)) continue;
          const obj = this.#redact(r, event.object);
          const key = objectKeyOf(obj);
          const at = {
            offsetMs: Date.now() - startedAtMs,
            type: event.type,
            group: r.group,
            version: r.version,
            kind: r.kind,
            ...(obj.metadata?.namespace && { namespace: obj.metadata.namespace }),
            name: obj.metadata?.name ?? '',
            resourceVersion: obj.metadata?.resourceVersion ?? '',
          };
          const before = state.get(key);
          if (event.type === 'DELETED') {
            state.delete(key);
            emit(at);
          } else if (event.type === 'MODIFIED' && before) {
            state.set(key, obj);
            emit({ ...at, patch: createPatch(before, obj) as WatchRecord['patch'] });
          } else {
            state.set(key, obj);
            emit({ ...at, type: 'ADDED', object: obj as Record<string, unknown> });
          }
        }
      }
    };
    try {
      const watchable = starts.filter((s) => s.resource.verbs.includes('watch'));
      // a kind that may be listed but not watched is left out of the changes, not fatal
      await Promise.all(watchable.map((s) => watchOne(s).catch((err) => ignoreApiError(err))));
    } finally {
      out.end();
      await written;
    }
    signal?.throwIfAborted();
    return changes;
  }
}

/** A Table as the server sends it (the parts recorded). */
interface TableWire {
  kind?: string;
  metadata?: { continue?: string };
  columnDefinitions?: Array<{ name: string; type: string; format?: string; description?: string; priority?: number }>;
  rows?: Array<{
    cells?: unknown[];
    object?: { metadata?: { name?: string; namespace?: string; resourceVersion?: string } };
  }>;
}

/** A recorded Table as its file holds it: JSON with one column and one row a line. */
function tableText(table: RecordedTable): string {
  const lines = (items: readonly unknown[]) => items.map((i) => `    ${JSON.stringify(i)}`).join(',\n');
  return (
    `{\n  "columnDefinitions": [\n${lines(table.columnDefinitions)}\n  ],\n` +
    `  "rows": [\n${lines(table.rows)}${table.rows.length > 0 ? '\n' : ''}  ]\n}\n`
  );
}

function ignoreApiError(err: unknown): void {
  if (!isApiError(err) || err.code === 401) throw err;
}

function toKindKey(r: ApiResource): { group: string; version: string; resource: string } {
  return { group: r.group, version: r.version, resource: r.plural };
}

/** Runs `work` on every item, at most `limit` at once; rejects with the first failure. */
async function pool<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++] as T);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
