import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CustomResourceDefinition } from '@kubekit/core';
import type { KubeConfig } from '@kubernetes/client-node';
import { stringify } from 'yaml';
import { type CrdSource, type InstallCrdsOptions, installCrds, readCrds } from '../crds.js';
import { TestEnvironmentError, throwIfAborted } from '../errors.js';
import { loadRecording } from '../recording/loadRecording.js';
import { type Recording, type RecordingProblem, readRecording } from '../recording/readRecording.js';
import { RecordingReplay, type RecordingReplayOptions } from '../recording/recordingReplay.js';
import { CONTEXTS, type TestUser } from '../servers/runningServer.js';
import type { TestApiServer } from '../testApiServer.js';
import { loadKubeConfig } from '../testEnvironment.js';
import { createClusterStorage } from './clusterStorage.js';
import { startCrdController } from './crdController.js';
import { demoObjects } from './demoObjects.js';
import { FakeStorage } from './engine/storage.js';
import type { FakeClock, FakeObject } from './engine/types.js';
import { FaultInjector } from './faults.js';
import { startGarbageCollector } from './garbageCollector.js';
import { LOOPBACK_CERT, LOOPBACK_KEY } from './http/loopbackCert.js';
import { type Caller, route } from './http/router.js';
import { sendError } from './http/statusErrors.js';
import { type ServedTable, servedTable } from './http/table.js';
import { loadObjects, readManifests, saveManifests } from './manifests.js';

/** Options of {@link FakeApiServer.start}. */
export interface FakeApiServerOptions {
  /** Port on 127.0.0.1; 0 picks a free one. @default 0 */
  port?: number;
  /** CRDs to serve from the start: objects or YAML/JSON files or folders. @default [] */
  crds?: readonly CrdSource[];
  /** Objects to create at start: YAML/JSON files or folders of manifests. @default [] */
  manifests?: readonly string[];
  /** Seed the demo objects (namespace `demo` with a Deployment, Pod, Service...). @default false */
  seed?: boolean;
  /** Writes the event history keeps; older resourceVersions are 410 Gone. @default 10000 */
  historySize?: number;
  /** BOOKMARK interval on watches that allow them, in ms. @default 60000 */
  bookmarkIntervalMs?: number;
  /**
   * Custom resources need their Namespace to exist, as on a real cluster (built-ins always do).
   * Set false to create them anywhere, like kubekit's harness. @default true
   */
  requireNamespaces?: boolean;
  /**
   * HTTPS certificate and key (PEM); `false` serves plain HTTP (the kubeconfig then says
   * `insecure-skip-tls-verify`, which client-node needs for http; kubectl sends no token over http).
   * @default a built-in self-signed loopback certificate
   */
  tls?:
    | {
        /** The serving certificate, PEM. */
        cert: string;
        /** Its private key, PEM. */
        key: string;
      }
    | false;
  /** Time source for timestamps. @default Date.now */
  clock?: FakeClock;
  /**
   * Answer `/api` and `/apis` with aggregated discovery (`apidiscovery.k8s.io/v2`) to clients that
   * ask for it, as kube-apiserver 1.30+ does; `false` serves only the classic documents, like an
   * older server. @default true
   */
  aggregatedDiscovery?: boolean;
  /** Cancels `start()`. @default undefined */
  signal?: AbortSignal;
  /**
   * Serve this storage instead of a new one: the `storage` of another server or of a `FakeClient`,
   * so in-process writes show over HTTP and the other way round. Its owner runs its controllers;
   * `historySize`, `bookmarkIntervalMs`, `requireNamespaces` and `clock` are then the owner's.
   * @default a new storage with the default namespaces
   */
  storage?: FakeStorage;
  /**
   * Serve a recording (the folder `kubekit gather` writes; see docs/testing.md): its kinds from
   * its recorded discovery and CRDs, its objects exactly as recorded (uids, resourceVersions,
   * timestamps, owner references), its `/version`, and its recorded changes (`watch.jsonl`) as
   * `replay` says. Nothing else is served: no default namespaces, no built-in kind the recording
   * lacks. What cannot be served is listed in {@link FakeApiServer.problems}. Read-only unless
   * `writable` (over HTTP; `storage` writes in process are not refused). `crds`, `manifests` and
   * `seed` are loaded after it; `storage` cannot be combined with it. @default undefined (a fresh cluster)
   */
  recording?: string;
  /**
   * With `recording`: allow writes (in memory; the folder is never written), with the CRD
   * controller and garbage collector running as on a fresh cluster. Otherwise every write is
   * answered 405 MethodNotAllowed. @default false
   */
  writable?: boolean;
  /** With `recording`: how its recorded changes (`watch.jsonl`) are played. */
  replay?: RecordingReplayOptions & {
    /**
     * `true`: start from the recorded initial state and apply the changes in time, the one recorded
     * `offsetMs` after the recording began `offsetMs / speed` after the server starts (see
     * {@link FakeApiServer.replay}). `false`: serve the end state; every change is applied before
     * the server listens, so a watch from the initial state's resourceVersion (or older, in the
     * kept history) gets them at once, and a watch from now gets nothing. @default false
     */
    fromStart?: boolean;
  };
}

/** Resolved {@link FakeApiServerOptions}. */
export interface ResolvedFakeApiServerOptions
  extends Required<Omit<FakeApiServerOptions, 'tls' | 'signal' | 'storage' | 'recording' | 'replay'>> {
  tls: { cert: string; key: string } | false;
  recording: string | undefined;
  replay: { speed: number; fromStart: boolean };
  signal: AbortSignal | undefined;
  storage: FakeStorage | undefined;
}

/** Fills in the defaults of {@link FakeApiServerOptions}. */
export function resolveFakeApiServerOptions(o: FakeApiServerOptions = {}): ResolvedFakeApiServerOptions {
  return {
    port: o.port ?? 0,
    crds: o.crds ?? [],
    manifests: o.manifests ?? [],
    seed: o.seed ?? false,
    historySize: o.historySize ?? 10_000,
    bookmarkIntervalMs: o.bookmarkIntervalMs ?? 60_000,
    requireNamespaces: o.requireNamespaces ?? true,
    tls: o.tls ?? { cert: LOOPBACK_CERT, key: LOOPBACK_KEY },
    clock: o.clock ?? { now: () => Date.now() },
    aggregatedDiscovery: o.aggregatedDiscovery ?? true,
    signal: o.signal,
    storage: o.storage,
    recording: o.recording,
    writable: o.writable ?? false,
    replay: { speed: o.replay?.speed ?? 1, fromStart: o.replay?.fromStart ?? false },
  };
}

/**
 * An in-memory Kubernetes API server on loopback that any client (client-node, kubectl) can use
 * through the kubeconfig it writes: built-in kinds and CRDs, the real server's semantics for
 * writes, lists and watches, and fault injection. Starts in milliseconds; no Go, no etcd.
 *
 * @example
 * ```ts
 * await using server = await FakeApiServer.start({ crds: ['config/crd'] });
 * const core = server.kubeConfig.makeApiClient(CoreV1Api);
 * await core.createNamespacedConfigMap({ namespace: 'default', body: { metadata: { name: 'c' } } });
 * ```
 */
export class FakeApiServer implements TestApiServer {
  /** The storage engine: the same API in process (create, get, list, update, patch, delete, watch). */
  readonly storage: FakeStorage;
  /** Fault injection: failures for the next requests, latency, stalled watches, pause, closing watches. */
  readonly faults = new FaultInjector();
  /** Path of a kubeconfig for this server (contexts `kubekit` and `kubekit-restricted`). */
  readonly kubeconfigPath: string;
  /** Milliseconds `start()` took. */
  startMillis = 0;
  /** What of the recording (option `recording`) is not served, and why; empty otherwise. */
  readonly problems: RecordingProblem[] = [];
  /**
   * The replay of the recording's changes (option `recording`): `done` settles when all are
   * applied; undefined without a recording.
   */
  replay: RecordingReplay | undefined;
  private recordedVersion: Record<string, unknown> | undefined;
  /** The recording's Tables by `<group>/<version>/<kind>`. */
  private readonly recordedTables = new Map<string, ServedTable>();
  private readonly problemListeners = new Set<(problem: RecordingProblem) => void>();
  private server: Server;
  private readonly sockets = new Set<Socket>();
  private readonly tokens: Record<TestUser, string>;
  private readonly stopControllers: Array<() => void> = [];
  private stopped = false;
  private port = 0;

  private constructor(
    private readonly options: ResolvedFakeApiServerOptions,
    private readonly dir: string,
  ) {
    if (options.storage) {
      this.storage = options.storage;
    } else if (options.recording !== undefined) {
      this.storage = new FakeStorage({
        historySize: options.historySize,
        clock: options.clock,
        bookmarkIntervalMs: options.bookmarkIntervalMs,
        requireNamespaces: options.requireNamespaces,
      });
    } else {
      const cluster = createClusterStorage({
        historySize: options.historySize,
        clock: options.clock,
        bookmarkIntervalMs: options.bookmarkIntervalMs,
        requireNamespaces: options.requireNamespaces,
      });
      this.storage = cluster.storage;
      this.stopControllers.push(cluster.stop);
    }
    this.tokens = { admin: randomBytes(16).toString('hex'), restricted: randomBytes(16).toString('hex') };
    this.kubeconfigPath = join(dir, 'kubeconfig');
    this.server = this.createServer();
  }

  /**
   * Starts a server: CRDs, then manifests, then (with `seed`) the demo objects, then listens.
   * @throws {@link TestEnvironmentError} `InvalidCrd` for a bad CRD source, `StartFailed` when
   * listening or loading fails, `Aborted`.
   */
  static async start(options: FakeApiServerOptions = {}): Promise<FakeApiServer> {
    const began = performance.now();
    const o = resolveFakeApiServerOptions(options);
    throwIfAborted(o.signal, 'FakeApiServer.start');
    if (!(o.replay.speed > 0 && Number.isFinite(o.replay.speed))) {
      throw new TestEnvironmentError(
        'InvalidRecording',
        `replay.speed must be a positive number, not ${o.replay.speed}`,
      );
    }
    if (o.recording !== undefined && o.storage) {
      throw new TestEnvironmentError(
        'InvalidRecording',
        'a recording is served from a storage of its own: pass `recording` or `storage`, not both',
      );
    }
    const crds = await readCrds(o.crds);
    const recording = o.recording === undefined ? undefined : await readRecording(o.recording);
    const dir = await mkdtemp(join(tmpdir(), 'kubekit-fake-'));
    const server = new FakeApiServer(o, dir);
    try {
      if (recording) server.loadRecording(recording);
      const objects: FakeObject[] = [
        ...(crds as unknown as FakeObject[]),
        ...(await readManifests(o.manifests)),
        ...(o.seed ? demoObjects() : []),
      ];
      try {
        loadObjects(server.storage, objects);
      } catch (err) {
        throw new TestEnvironmentError('StartFailed', `cannot load objects: ${(err as Error).message}`, { cause: err });
      }
      throwIfAborted(o.signal, 'FakeApiServer.start');
      await server.listen(o.port);
      await server.writeKubeconfig();
      if (o.replay.fromStart) server.replay?.start();
    } catch (err) {
      await server.stop();
      throw err;
    }
    server.startMillis = performance.now() - began;
    return server;
  }

  /** `http://127.0.0.1:<port>` (or `https://` with `tls`). */
  get url(): string {
    return `${this.options.tls ? 'https' : 'http'}://127.0.0.1:${this.port}`;
  }

  /** A fresh `KubeConfig` for the admin user. */
  get kubeConfig(): KubeConfig {
    return this.kubeConfigFor('admin');
  }

  /** A fresh `KubeConfig` for a user: `restricted` may only use discovery and read CRDs. */
  kubeConfigFor(user: TestUser): KubeConfig {
    this.assertRunning();
    return loadKubeConfig(this.kubeconfigPath, user);
  }

  /**
   * Drops the event history: watches and continue tokens from before now get 410 Gone. Returns the
   * resourceVersion. (Done at once; `storage.compact()` is the same without the promise.)
   */
  async compact(): Promise<number> {
    return this.storage.compact();
  }

  /**
   * Creates (or replaces) CRDs and waits until each is Established and served, over HTTP through a
   * `Client`, exactly as on a {@link TestEnvironment}; see `installCrds`.
   */
  installCrds(crds: readonly CrdSource[], options: InstallCrdsOptions = {}): Promise<CustomResourceDefinition[]> {
    return installCrds(this.kubeConfig, crds, options);
  }

  /** Creates the objects of YAML/JSON manifests (files or folders). Returns how many. */
  async loadManifests(paths: readonly string[]): Promise<number> {
    return loadObjects(this.storage, await readManifests(paths));
  }

  /** Writes every object into a folder, one YAML file per kind. Returns how many. */
  saveManifests(dir: string): Promise<number> {
    return saveManifests(this.storage, dir);
  }

  /** Closes every connection (watches end) and listens again on the same port with the same state. */
  async restart(): Promise<void> {
    this.assertRunning();
    await this.close();
    this.server = this.createServer();
    await this.listen(this.port);
  }

  /** How to point kubectl at this server, for printing. */
  kubectlHint(): string {
    return `export KUBECONFIG=${this.kubeconfigPath}\nkubectl get pods -A`;
  }

  /** Stops listening, ends every watch and removes the kubeconfig. Idempotent. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.replay?.stop();
    for (const stop of this.stopControllers) stop();
    await this.close();
    await rm(this.dir, { recursive: true, force: true });
  }

  /** `await using server = await FakeApiServer.start()` stops it at the end of the scope. */
  async [Symbol.asyncDispose](): Promise<void> {
    await this.stop();
  }

  private createServer(): Server {
    const handler = (req: IncomingMessage, res: ServerResponse) => {
      route(
        {
          storage: this.storage,
          faults: this.faults,
          address: () => `127.0.0.1:${this.port}`,
          aggregatedDiscovery: this.options.aggregatedDiscovery,
          readOnly: this.options.recording !== undefined && !this.options.writable,
          version: this.recordedVersion,
          recordedTable: (type, version) => this.recordedTables.get(`${type.group}/${version}/${type.kind}`),
          authenticate: (token) => this.authenticate(token),
        },
        req,
        res,
      ).catch((err: unknown) => {
        if (!res.headersSent) sendError(res, err);
        else res.destroy();
      });
    };
    const server = this.options.tls ? createHttpsServer(this.options.tls, handler) : createHttpServer(handler);
    server.on('connection', (s: Socket) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
    return server;
  }

  private loadRecording(recording: Recording): void {
    loadRecording(this.storage, recording);
    this.problems.push(...recording.problems);
    this.recordedVersion = recording.version;
    for (const [key, table] of recording.tables) this.recordedTables.set(key, servedTable(table));
    this.replay = new RecordingReplay(this.storage, recording.changes, (p) => this.addProblem(p), {
      speed: this.options.replay.speed,
    });
    if (!this.options.replay.fromStart) this.replay.applyAll();
    if (this.options.writable) {
      this.stopControllers.push(
        startCrdController(this.storage, () => this.options.clock.now()),
        startGarbageCollector(this.storage),
      );
    }
  }

  /** Calls `fn` with each problem of the recording found from now on (changes replayed later); returns the unsubscribe function. */
  onProblem(fn: (problem: RecordingProblem) => void): () => void {
    this.problemListeners.add(fn);
    return () => void this.problemListeners.delete(fn);
  }

  private addProblem(problem: RecordingProblem): void {
    this.problems.push(problem);
    for (const fn of [...this.problemListeners]) fn(problem);
  }

  private authenticate(token: string | undefined): Caller | undefined {
    if (token === this.tokens.admin) return { user: 'kubekit-admin', restricted: false };
    if (token === this.tokens.restricted) return { user: 'kubekit-restricted', restricted: true };
    return undefined;
  }

  private listen(port: number): Promise<void> {
    return new Promise((resolve, reject) => {
      this.server.once('error', (err) =>
        reject(
          new TestEnvironmentError('StartFailed', `cannot listen on 127.0.0.1:${port}: ${err.message}`, { cause: err }),
        ),
      );
      this.server.listen(port, '127.0.0.1', () => {
        this.port = (this.server.address() as AddressInfo).port;
        resolve();
      });
    });
  }

  private async close(): Promise<void> {
    this.faults.closeWatches();
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    for (const s of this.sockets) s.destroy();
    this.sockets.clear();
    if (this.server.listening) await closed;
  }

  private async writeKubeconfig(): Promise<void> {
    const cluster = 'kubekit-fake';
    const users = { admin: 'kubekit-admin', restricted: 'kubekit-restricted' } as const;
    const config = {
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [
        {
          name: cluster,
          cluster: {
            server: this.url,
            ...(this.options.tls
              ? { 'certificate-authority-data': Buffer.from(this.options.tls.cert).toString('base64') }
              : // client-node refuses plain HTTP unless TLS verification is off.
                { 'insecure-skip-tls-verify': true }),
          },
        },
      ],
      users: (['admin', 'restricted'] as const).map((u) => ({ name: users[u], user: { token: this.tokens[u] } })),
      contexts: (['admin', 'restricted'] as const).map((u) => ({
        name: CONTEXTS[u],
        // no namespace, like TestEnvironment's: a namespaced call without one fails the same way on both
        context: { cluster, user: users[u] },
      })),
      'current-context': CONTEXTS.admin,
    };
    await writeFile(this.kubeconfigPath, stringify(config), { mode: 0o600 });
  }

  private assertRunning(): void {
    if (this.stopped) throw new TestEnvironmentError('Stopped', 'the FakeApiServer was stopped');
  }
}
