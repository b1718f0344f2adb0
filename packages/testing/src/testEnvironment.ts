import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CustomResourceDefinition } from '@kubekit/core';
import { KubeConfig } from '@kubernetes/client-node';
import { type CrdSource, type InstallCrdsOptions, installCrds } from './crds.js';
import { TestEnvironmentError, throwIfAborted } from './errors.js';
import { resolveTestEnvironmentOptions, type TestEnvironmentOptions, type TestServerBackend } from './options.js';
import { resolveHarnessBinary } from './servers/harnessBinary.js';
import { HarnessServer } from './servers/harnessServer.js';
import { KubeApiServer } from './servers/kubeApiServer.js';
import { CONTEXTS, type RunningServer, type TestUser } from './servers/runningServer.js';
import type { TestApiServer } from './testApiServer.js';
import { type InstalledWebhooks, installWebhooks } from './webhooks/installWebhooks.js';

/**
 * A real Kubernetes API server for tests, on loopback, with its own etcd and a temporary data
 * directory: the envtest of kubekit.
 *
 * By default it runs kubekit's harness: a genuine kube-apiserver, built from source with Go on first
 * use, over an etcd embedded in the same process — every core kind, admission, RBAC, the watch
 * cache, bookmarks, 410 Gone, pagination, subresources, server-side apply, CEL. As in
 * controller-runtime's envtest there is no controller manager or scheduler: no garbage collection,
 * Pods stay Pending, deleted Namespaces stay Terminating. When `KUBEBUILDER_ASSETS` names a folder
 * with `kube-apiserver` and `etcd` binaries, it runs those instead.
 *
 * @example
 * ```ts
 * const env = await TestEnvironment.start({ crds: ['config/crds'] });
 * try {
 *   const api = env.kubeConfig.makeApiClient(CustomObjectsApi);
 *   // ...
 * } finally {
 *   await env.stop();
 * }
 * ```
 */
export class TestEnvironment implements TestApiServer {
  /** Which server runs. */
  readonly backend: TestServerBackend;
  /** The server's URL, `https://127.0.0.1:<port>`. */
  readonly url: string;
  /** Path of a kubeconfig for this server (contexts `kubekit` and `kubekit-restricted`). */
  readonly kubeconfigPath: string;
  /** The webhook configurations installed by `options.webhooks`: port and certificate folder of your webhook server. */
  webhooks: InstalledWebhooks | undefined;
  private stopped = false;

  private constructor(
    private readonly server: RunningServer,
    private readonly dataDir: string,
    private readonly crdTimeoutMs: number,
  ) {
    this.backend = server.backend;
    this.url = server.url;
    this.kubeconfigPath = server.kubeconfigPath;
  }

  /**
   * Starts a server, installs `options.crds` and waits for them to be Established.
   * With `options.webhooks`, installs webhook configurations pointing at a local webhook server.
   * @throws {@link TestEnvironmentError} `Unavailable` (no Go and no binary), `StartFailed`,
   * `Timeout`, `InvalidCrd`, `CrdNotEstablished`, `InvalidWebhook`, `Aborted`.
   */
  static async start(options: TestEnvironmentOptions = {}): Promise<TestEnvironment> {
    const o = resolveTestEnvironmentOptions(options);
    throwIfAborted(o.signal, 'TestEnvironment.start');
    const common = { serverArgs: o.serverArgs, verbose: o.verbose, timeoutMs: o.startTimeoutMs, signal: o.signal };
    let server: RunningServer;
    const dataDir = await mkdtemp(join(tmpdir(), 'kubekit-env-'));
    try {
      if (o.backend === 'kube-apiserver') {
        if (!o.assetsDir) {
          throw new TestEnvironmentError(
            'Unavailable',
            "backend 'kube-apiserver' needs assetsDir or KUBEBUILDER_ASSETS",
          );
        }
        server = await KubeApiServer.start({ ...common, assetsDir: o.assetsDir, dataDir });
      } else {
        const binary = await resolveHarnessBinary({
          explicit: o.harnessBinary,
          cacheDir: o.cacheDir,
          log: (line) => process.stderr.write(`[kubekit testing] ${line}\n`),
        });
        server = await HarnessServer.start({ ...common, binary: binary.path, dataDir });
      }
    } catch (err) {
      await rm(dataDir, { recursive: true, force: true });
      throw err;
    }
    const env = new TestEnvironment(server, dataDir, o.crdTimeoutMs);
    try {
      await env.installCrds(o.crds, { signal: o.signal });
      if (o.webhooks) env.webhooks = await installWebhooks(env.kubeConfig, o.webhooks);
      return env;
    } catch (err) {
      await env.stop();
      throw err;
    }
  }

  /**
   * The client URL of the server's etcd (`http://127.0.0.1:<port>`, no TLS), for tools that seed or
   * inspect storage directly. What is written there bypasses the API server's validation and
   * admission; the API server sees it as any other write to its storage.
   */
  get etcdUrl(): string {
    this.assertRunning();
    return this.server.etcdUrl;
  }

  /** Milliseconds from spawning the server to its first ready answer (of the last restart). */
  get startMillis(): number {
    return this.server.startMillis;
  }

  /** A fresh `KubeConfig` for the admin user (`system:masters`). */
  get kubeConfig(): KubeConfig {
    return this.kubeConfigFor('admin');
  }

  /**
   * A fresh `KubeConfig` for a user: `admin` may do everything; `restricted` may use discovery and
   * read CRDs, and is forbidden (403) every other resource request.
   */
  kubeConfigFor(user: TestUser): KubeConfig {
    this.assertRunning();
    return loadKubeConfig(this.kubeconfigPath, user);
  }

  /** Installs more CRDs and waits for them; see {@link installCrds}. */
  installCrds(crds: readonly CrdSource[], options: InstallCrdsOptions = {}): Promise<CustomResourceDefinition[]> {
    this.assertRunning();
    return installCrds(this.kubeConfig, crds, { timeoutMs: this.crdTimeoutMs, ...options });
  }

  /**
   * Compacts etcd to its current revision, so that a list or watch from an older resourceVersion
   * that reaches etcd answers 410 Gone. Returns the revision compacted to.
   */
  compact(): Promise<number> {
    this.assertRunning();
    return this.server.compact();
  }

  /** Stops the server and starts it again on the same port with the same data and credentials. */
  restart(): Promise<void> {
    this.assertRunning();
    return this.server.restart();
  }

  /** Stops the server and removes its data directory. Idempotent. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    try {
      await this.webhooks?.uninstall();
      await this.server.stop();
    } finally {
      await rm(this.dataDir, { recursive: true, force: true });
    }
  }

  /** `await using env = await TestEnvironment.start()` stops it at the end of the scope. */
  async [Symbol.asyncDispose](): Promise<void> {
    await this.stop();
  }

  private assertRunning(): void {
    if (this.stopped) throw new TestEnvironmentError('Stopped', 'the TestEnvironment was stopped');
  }
}

/**
 * Loads a test server's kubeconfig for one of its users, as a client-node `KubeConfig` (tests call
 * client-node's API with it too; `new Client({ kubeConfig })` takes it as well).
 */
export function loadKubeConfig(path: string, user: TestUser = 'admin'): KubeConfig {
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromFile(path);
  kubeConfig.setCurrentContext(CONTEXTS[user]);
  return kubeConfig;
}
