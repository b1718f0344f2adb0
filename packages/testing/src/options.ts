import { homedir } from 'node:os';
import { join } from 'node:path';
import type { CrdSource } from './crds.js';
import type { WebhookInstallOptions } from './webhooks/installWebhooks.js';

/** Which API server a {@link TestEnvironment} runs. */
export type TestServerBackend = 'harness' | 'kube-apiserver';

/** Options of `TestEnvironment.start()`. Every field is optional; defaults are listed per field. */
export interface TestEnvironmentOptions {
  /**
   * CRDs to install before `start()` returns; each is waited on until Established.
   * Objects, or paths of YAML/JSON files or of folders of them.
   * @default []
   */
  crds?: readonly CrdSource[];
  /**
   * Webhook configurations to install once the CRDs are, pointing at a local webhook server with a
   * generated CA (see `installWebhooks`); read the port and certificate folder from
   * `env.webhooks`. Removed again by `stop()`. @default none
   */
  webhooks?: WebhookInstallOptions;
  /**
   * `'harness'`: kubekit's harness, a genuine kube-apiserver built from source with Go, over an
   * etcd embedded in the same process.
   * `'kube-apiserver'`: the `kube-apiserver` and `etcd` binaries of `assetsDir` (what
   * controller-runtime's setup-envtest installs).
   * @default 'kube-apiserver' when `KUBEBUILDER_ASSETS` is set, otherwise 'harness'
   */
  backend?: TestServerBackend;
  /**
   * Folder with `kube-apiserver` and `etcd` binaries (what setup-envtest installs).
   * @default process.env.KUBEBUILDER_ASSETS
   */
  assetsDir?: string;
  /**
   * A prebuilt harness binary. Without one, the harness is built from its Go source with the `go`
   * on PATH and kept in `cacheDir`, keyed by a hash of the source.
   * @default process.env.KUBEKIT_APISERVER_BINARY
   */
  harnessBinary?: string;
  /**
   * Where built harness binaries are kept.
   * @default process.env.KUBEKIT_CACHE, else $XDG_CACHE_HOME/kubekit, else ~/.cache/kubekit
   */
  cacheDir?: string;
  /**
   * Extra flags passed to the API server, after (so overriding) the ones the backend sets, e.g.
   * `['--feature-gates=WatchList=false']` for a server without streaming lists.
   * @default the words of `KUBEKIT_TEST_SERVER_ARGS`, else []
   */
  serverArgs?: readonly string[];
  /** Time allowed from spawning the server to its first ready answer, in ms. @default 60000 */
  startTimeoutMs?: number;
  /** Time allowed for each CRD to become Established, in ms. @default 30000 */
  crdTimeoutMs?: number;
  /** Copy the server's own log to stderr. @default true when KUBEKIT_TEST_VERBOSE=1, else false */
  verbose?: boolean;
  /** Cancels `start()`; a server already spawned is stopped again. @default undefined */
  signal?: AbortSignal;
}

/** {@link TestEnvironmentOptions} with every default filled in. */
export interface ResolvedTestEnvironmentOptions {
  crds: readonly CrdSource[];
  webhooks: WebhookInstallOptions | undefined;
  backend: TestServerBackend;
  assetsDir: string | undefined;
  harnessBinary: string | undefined;
  cacheDir: string;
  serverArgs: readonly string[];
  startTimeoutMs: number;
  crdTimeoutMs: number;
  verbose: boolean;
  signal: AbortSignal | undefined;
}

/** Default time from spawn to ready, in ms. */
export const DEFAULT_START_TIMEOUT_MS = 60_000;
/** Default time for a CRD to become Established, in ms. */
export const DEFAULT_CRD_TIMEOUT_MS = 30_000;

/** Fills in the defaults of {@link TestEnvironmentOptions}: explicit value, then environment, then constant. */
export function resolveTestEnvironmentOptions(
  options: TestEnvironmentOptions = {},
  env: NodeJS.ProcessEnv = process.env,
): ResolvedTestEnvironmentOptions {
  const assetsDir = options.assetsDir ?? nonEmpty(env.KUBEBUILDER_ASSETS);
  return {
    crds: options.crds ?? [],
    webhooks: options.webhooks,
    backend: options.backend ?? (assetsDir ? 'kube-apiserver' : 'harness'),
    assetsDir,
    harnessBinary: options.harnessBinary ?? nonEmpty(env.KUBEKIT_APISERVER_BINARY),
    cacheDir:
      options.cacheDir ??
      nonEmpty(env.KUBEKIT_CACHE) ??
      join(nonEmpty(env.XDG_CACHE_HOME) ?? join(homedir(), '.cache'), 'kubekit'),
    serverArgs: options.serverArgs ?? nonEmpty(env.KUBEKIT_TEST_SERVER_ARGS)?.trim().split(/\s+/) ?? [],
    startTimeoutMs: options.startTimeoutMs ?? DEFAULT_START_TIMEOUT_MS,
    crdTimeoutMs: options.crdTimeoutMs ?? DEFAULT_CRD_TIMEOUT_MS,
    verbose: options.verbose ?? env.KUBEKIT_TEST_VERBOSE === '1',
    signal: options.signal,
  };
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}
