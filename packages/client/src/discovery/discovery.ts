import type { Clock } from '@kubekit/core';
import {
  formatApiVersion,
  type GroupVersionKind,
  gvkKey,
  InvalidInputError,
  isNotFound,
  parseApiVersion,
} from '@kubekit/core';
import { NoKindMatchError } from '../errors.js';
import type { RequestOptions } from '../interfaces.js';
import type { ApiGroup, ApiResource, DiscoveryFailure } from './apiResource.js';
import {
  ACCEPT_DISCOVERY,
  isAggregated,
  type RootDiscovery,
  readAggregated,
  readApiGroupList,
  readApiResourceList,
  readApiVersions,
} from './discoveryDocuments.js';

/** What discovery asks: a GET of a discovery document with an `Accept` header, as JSON. */
export type DiscoveryFetch = (request: {
  path: string;
  accept: string;
  signal: AbortSignal | undefined;
}) => Promise<unknown>;

/** What {@link Discovery} is built from (the client fills it from its options). */
export interface DiscoveryInit {
  /** GETs a discovery document. */
  fetch: DiscoveryFetch;
  /** Shortest time between the starts of two refreshes that misses trigger. */
  minRefreshIntervalMs: number;
  /** Clock of that wait. */
  clock: Clock;
}

/** Options of {@link Discovery.resources}. */
export interface DiscoveryResourcesOptions extends RequestOptions {
  /**
   * One entry per group and resource, from the most preferred version of its group that serves it
   * (as client-go's `ServerPreferredResources` and `kubectl api-resources`); otherwise every
   * version's resources. @default false
   */
  preferredOnly?: boolean;
}

/**
 * What the API server serves: its groups and versions, and each resource with its kind, scope,
 * verbs, names and subresources. Get it from a client (`client.discovery`); it shares the client's
 * connections, credentials and rate limit.
 *
 * Reads come from a cache filled by the first call: `/api` and `/apis` with aggregated discovery
 * (kube-apiserver 1.30+: everything in two requests), or, from a server without it, the classic
 * documents (one more request per group-version). A group-version that cannot be read (403 for a
 * restricted user, 503 from an aggregated API server that is down) does not fail discovery: the
 * rest is served and {@link Discovery.failures} reports it. A {@link Discovery.resolve} that finds
 * nothing refreshes the cache once before it gives up, so kinds installed later (CRDs) are found;
 * such refreshes start at most once per `discoveryMinRefreshIntervalMs`, and misses in between wait
 * for the next one and share it. {@link Discovery.refresh} refreshes at once.
 *
 * ```ts
 * const deploy = await client.discovery.resolve('deploy'); // apps/v1 Deployment
 * const scalable = (await client.discovery.resources({ preferredOnly: true })).filter((r) =>
 *   r.subresources.some((s) => s.name === 'scale'),
 * );
 * ```
 */
export class Discovery {
  readonly #init: DiscoveryInit;
  #snapshot: Snapshot | undefined;
  /** Sequence number of the last fetch started. */
  #started = 0;
  /** When the last fetch started (clock time). */
  #lastStart: number | undefined;
  /** The refresh waiting for its turn: misses join it. */
  #queued: SharedRun<Snapshot> | undefined;
  /** The refresh fetching now: a first read joins it. */
  #fetching: SharedRun<Snapshot> | undefined;

  /** Built by the client; use `client.discovery`. */
  constructor(init: DiscoveryInit) {
    this.#init = init;
  }

  /** The groups the server serves, in its priority order (the core group, named `''`, first). */
  async groups(options: RequestOptions = {}): Promise<readonly ApiGroup[]> {
    return (await this.#current(options.signal)).groups;
  }

  /**
   * The resources the server serves, in group priority order and, within a group, most preferred
   * version first. Group-versions that failed are missing (see {@link Discovery.failures}).
   */
  async resources(options: DiscoveryResourcesOptions = {}): Promise<readonly ApiResource[]> {
    const snapshot = await this.#current(options.signal);
    return options.preferredOnly ? snapshot.preferred : snapshot.resources;
  }

  /** The group-versions whose resources could not be read by the last refresh; empty when none. */
  async failures(options: RequestOptions = {}): Promise<readonly DiscoveryFailure[]> {
    return (await this.#current(options.signal)).failures;
  }

  /**
   * The resource that serves a kind, or that a name stands for:
   * - `{ apiVersion, kind }` (or a kind descriptor): that exact group, version and kind;
   * - a string, as `kubectl` reads one: `name`, `name.group` or `name.version.group`, where `name` is
   *   the plural, the singular, a short name or the kind, in any case (`pods`, `pod`, `po`, `Pod`,
   *   `deploy.apps`, `deployments.v1.apps`). Plural, singular and kind win over short names; then
   *   the first group in the server's priority order (`events` is the core group's), and its most
   *   preferred version.
   *
   * Nothing found refreshes discovery once (see the class) and looks again.
   * @throws `NoKindMatchError` when nothing matches after that refresh; the error of the
   *   group-version's discovery request when a kind's group-version could not be read (e.g.
   *   `ForbiddenError`); `InvalidInputError` for an empty name, apiVersion or kind.
   */
  async resolve(query: string | GroupVersionKind, options: RequestOptions = {}): Promise<ApiResource> {
    const wanted = parseQuery(query);
    const asked = this.#started;
    const seen = await this.#current(options.signal);
    const found = seen.find(wanted);
    if (found) return found;
    // read by a fetch that started after this call: already as fresh as a refresh would be
    if (seen.seq > asked) seen.fail(wanted);
    const fresh = await this.#afterMiss(seen, options.signal);
    return fresh.find(wanted) ?? fresh.fail(wanted);
  }

  /**
   * The resource of a kind if the cache holds it, without a request (and without a refresh on a
   * miss): for hot paths that must not wait.
   */
  peek(kind: GroupVersionKind): ApiResource | undefined {
    return this.#snapshot?.byKind.get(gvkKey(kind));
  }

  /**
   * Reads discovery again now, whatever the rate of refreshes; later reads answer from the new
   * cache. When it fails, the cache stays as it was.
   * @throws the error of `/api` or `/apis` (a failing group-version is a failure, not an error).
   */
  async refresh(options: RequestOptions = {}): Promise<void> {
    const run: SharedRun<Snapshot> = new SharedRun((signal) => this.#fetch(run, signal));
    await run.join(options.signal);
  }

  /** The cache, filled first if empty (joining a fetch under way). */
  #current(signal: AbortSignal | undefined): Promise<Snapshot> {
    if (this.#snapshot) return Promise.resolve(this.#snapshot);
    return this.#fetching?.live ? this.#fetching.join(signal) : this.#next(signal);
  }

  /** A newer cache than `seen`: installed since, or the next refresh (which starts after the miss). */
  #afterMiss(seen: Snapshot, signal: AbortSignal | undefined): Promise<Snapshot> {
    if (this.#snapshot !== seen && this.#snapshot) return Promise.resolve(this.#snapshot);
    return this.#next(signal);
  }

  /**
   * Waits for the next refresh, which starts once `minRefreshIntervalMs` has passed since the last
   * one (queued now if none is).
   */
  #next(signal: AbortSignal | undefined): Promise<Snapshot> {
    if (signal?.aborted) return Promise.reject(signal.reason); // queues nothing no one waits for
    if (this.#queued?.live) return this.#queued.join(signal);
    const run: SharedRun<Snapshot> = new SharedRun(async (runSignal) => {
      const last = this.#lastStart;
      const wait = last === undefined ? 0 : last + this.#init.minRefreshIntervalMs - this.#init.clock.now();
      if (wait > 0) await this.#init.clock.sleep(wait, runSignal);
      if (this.#queued === run) this.#queued = undefined;
      return this.#fetch(run, runSignal);
    });
    this.#queued = run;
    return run.join(signal);
  }

  /**
   * `run` fetches everything and installs it, unless a fetch started later was installed first.
   * Returns the newest snapshot.
   */
  async #fetch(run: SharedRun<Snapshot>, signal: AbortSignal): Promise<Snapshot> {
    const seq = ++this.#started;
    this.#lastStart = this.#init.clock.now();
    this.#fetching = run;
    try {
      const roots = await Promise.all([this.#root('/api', signal), this.#root('/apis', signal)]);
      const snapshot = new Snapshot(seq, roots);
      if (!this.#snapshot || seq > this.#snapshot.seq) this.#snapshot = snapshot;
      return this.#snapshot;
    } finally {
      if (this.#fetching === run) this.#fetching = undefined;
    }
  }

  /** One root: aggregated in one answer, or classic with one request per group-version. */
  async #root(path: '/api' | '/apis', signal: AbortSignal): Promise<RootDiscovery> {
    let doc: unknown;
    try {
      doc = await this.#init.fetch({ path, accept: ACCEPT_DISCOVERY, signal });
    } catch (err) {
      if (isNotFound(err)) return { groups: [], resources: [], failures: [] }; // e.g. no core group
      throw err;
    }
    if (isAggregated(doc)) return readAggregated(doc, path);
    const { groups } = path === '/api' ? readApiVersions(doc) : readApiGroupList(doc);
    const versions = await Promise.all(
      groups.flatMap((g) =>
        g.versions.map(async (version) => {
          const at = g.name === '' ? `/api/${version}` : `/apis/${g.name}/${version}`;
          try {
            const list = await this.#init.fetch({ path: at, accept: 'application/json', signal });
            return { resources: readApiResourceList(list, g.name, version), failure: undefined };
          } catch (err) {
            if (signal.aborted) throw err;
            const error = err instanceof Error ? err : new Error(String(err));
            return { resources: [], failure: { group: g.name, version, error } };
          }
        }),
      ),
    );
    return {
      groups,
      resources: versions.flatMap((v) => v.resources),
      failures: versions.flatMap((v) => (v.failure ? [v.failure] : [])),
    };
  }
}

/** What {@link Discovery.resolve} looks for. */
type Query =
  | { by: 'kind'; key: string; group: string; version: string; apiVersion: string; kind: string }
  | { by: 'name'; query: string; name: string; rest: string | undefined };

function parseQuery(query: string | GroupVersionKind): Query {
  if (typeof query === 'string') {
    const trimmed = query.trim();
    if (trimmed === '') throw new InvalidInputError('query', 'is required (a resource, short name or kind)');
    const dot = trimmed.indexOf('.');
    const name = (dot < 0 ? trimmed : trimmed.slice(0, dot)).toLowerCase();
    return { by: 'name', query, name, rest: dot < 0 ? undefined : trimmed.slice(dot + 1) };
  }
  const { group, version } = parseApiVersion(query?.apiVersion);
  if (typeof query.kind !== 'string' || query.kind === '') throw new InvalidInputError('kind', 'is required');
  return { by: 'kind', key: gvkKey(query), group, version, apiVersion: query.apiVersion, kind: query.kind };
}

/** One complete read of discovery, immutable. */
class Snapshot {
  readonly groups: readonly ApiGroup[];
  readonly resources: readonly ApiResource[];
  readonly failures: readonly DiscoveryFailure[];
  readonly byKind = new Map<string, ApiResource>();
  #preferred: readonly ApiResource[] | undefined;

  constructor(
    /** Sequence number of the fetch that read it: a higher one is newer. */
    readonly seq: number,
    roots: RootDiscovery[],
  ) {
    this.groups = Object.freeze(
      roots.flatMap((r) => r.groups).map((g) => Object.freeze({ ...g, versions: Object.freeze([...g.versions]) })),
    );
    // groups in the server's order, and within a group the most preferred version first
    this.resources = Object.freeze(
      roots.flatMap((root) =>
        root.groups.flatMap((g) =>
          root.resources
            .filter((r) => r.group === g.name)
            .sort((a, b) => g.versions.indexOf(a.version) - g.versions.indexOf(b.version)),
        ),
      ),
    );
    this.failures = Object.freeze(roots.flatMap((r) => r.failures));
    for (const r of this.resources) {
      const key = gvkKey(r);
      if (!this.byKind.has(key)) this.byKind.set(key, r);
    }
  }

  /** Per group and resource, the entry of the most preferred version that serves it. */
  get preferred(): readonly ApiResource[] {
    if (!this.#preferred) {
      const seen = new Set<string>();
      this.#preferred = Object.freeze(
        this.resources.filter((r) => {
          const key = `${r.group}/${r.plural}`;
          if (seen.has(key)) return false;
          seen.add(key);
          return true;
        }),
      );
    }
    return this.#preferred;
  }

  find(q: Query): ApiResource | undefined {
    if (q.by === 'kind') return this.byKind.get(q.key);
    const byName = (r: ApiResource) => r.plural === q.name || r.singular === q.name || r.kind.toLowerCase() === q.name;
    const byShortName = (r: ApiResource) => r.shortNames.includes(q.name);
    for (const inScope of scopesOf(q.rest)) {
      const candidates = this.resources.filter(inScope);
      const found = candidates.find(byName) ?? candidates.find(byShortName);
      if (found) return found;
    }
    return undefined;
  }

  /** The error for a query that found nothing. */
  fail(q: Query): never {
    if (q.by === 'kind') {
      const failed = this.failures.find((f) => f.group === q.group && f.version === q.version);
      if (failed) throw failed.error;
      throw new NoKindMatchError(q.apiVersion, q.kind);
    }
    const errors = this.failures.map((f) => f.error);
    const cause =
      errors.length > 0
        ? new AggregateError(errors, `discovery failed for ${this.failures.map(formatApiVersion).join(', ')}`)
        : undefined;
    throw new NoKindMatchError('', '', { query: q.query, ...(cause && { cause }) });
  }
}

/**
 * Where a name's suffix may point, in the order `kubectl` tries: `version.group` first (when the
 * suffix has a dot), then `group`; no suffix means anywhere.
 */
function scopesOf(rest: string | undefined): Array<(r: ApiResource) => boolean> {
  if (rest === undefined) return [() => true];
  const scopes: Array<(r: ApiResource) => boolean> = [];
  const dot = rest.indexOf('.');
  if (dot > 0) {
    const version = rest.slice(0, dot);
    const group = rest.slice(dot + 1);
    scopes.push((r) => r.version === version && r.group === group);
  }
  scopes.push((r) => r.group === rest);
  return scopes;
}

/**
 * One run of async work that several callers wait for. A caller that aborts stops waiting; the work
 * itself is aborted only when every caller has aborted (a caller without a signal keeps it going).
 */
class SharedRun<T> {
  readonly #controller = new AbortController();
  readonly #promise: Promise<T>;
  #waiting = 0;
  #pinned = false;

  constructor(work: (signal: AbortSignal) => Promise<T>) {
    // started on the next microtask, so that `work` may refer to the run being built
    this.#promise = Promise.resolve().then(() => work(this.#controller.signal));
    this.#promise.catch(() => {}); // each caller gets the failure through join()
  }

  /** Whether the work can still be joined (it was not aborted). */
  get live(): boolean {
    return !this.#controller.signal.aborted;
  }

  join(signal: AbortSignal | undefined): Promise<T> {
    if (!signal) {
      this.#pinned = true;
      return this.#promise;
    }
    if (signal.aborted) return Promise.reject(signal.reason);
    this.#waiting++;
    return new Promise<T>((resolve, reject) => {
      const leave = () => {
        reject(signal.reason);
        if (--this.#waiting === 0 && !this.#pinned) this.#controller.abort(signal.reason);
      };
      signal.addEventListener('abort', leave, { once: true });
      this.#promise.then(
        (value) => {
          signal.removeEventListener('abort', leave);
          resolve(value);
        },
        (err: unknown) => {
          signal.removeEventListener('abort', leave);
          reject(err);
        },
      );
    });
  }
}
