import { randomBytes } from 'node:crypto';
import { builtinKinds, Client } from '@kubekit/client';
import { findReason } from '@kubekit/core';
import type { KubeConfig } from '@kubernetes/client-node';
import type { TestEnvironmentOptions, TestServerBackend } from './options.js';
import type { TestUser } from './servers/runningServer.js';
import { loadKubeConfig, TestEnvironment } from './testEnvironment.js';

/*
 * One server per test run: the test runner's global setup starts it and publishes it to the worker
 * processes through environment variables (workers are spawned after global setup and inherit them).
 */
const ENV_KUBECONFIG = 'KUBEKIT_TEST_KUBECONFIG';
const ENV_BACKEND = 'KUBEKIT_TEST_BACKEND';
const ENV_SKIP = 'KUBEKIT_TEST_SKIP';

/** A namespace of one test file, removed again by `cleanup()`. */
export interface TestNamespace {
  /** The namespace's name, `<prefix>-<random>`. */
  readonly name: string;
  /** Deletes the namespace. */
  cleanup(): Promise<void>;
}

/** The run's shared server, as a test file sees it. */
export interface SharedTestServer {
  /** Always `true`: the server runs. */
  readonly available: true;
  /** Which API server runs: the harness build or a kube-apiserver binary. */
  readonly backend: TestServerBackend;
  /** Path of a kubeconfig for the server (user `admin`). */
  readonly kubeconfigPath: string;
  /** A fresh `KubeConfig` for `admin` (default) or `restricted`. */
  kubeConfig(user?: TestUser): KubeConfig;
  /**
   * A namespace of its own for a test file, named `<prefix>-<random>`, so files can run in
   * parallel. `cleanup()` deletes it; with no controller manager on the test server, the
   * namespace then stays `Terminating` with its contents (nothing else sees them).
   */
  namespace(prefix: string): Promise<TestNamespace>;
}

/** Why the run has no shared server (local runs without Go); real-server suites skip with it. */
export interface SharedTestServerUnavailable {
  /** Always `false`: there is no server. */
  readonly available: false;
  /** Why not, e.g. Go is not installed; suites print it when they skip. */
  readonly reason: string;
}

/** Options of {@link startSharedTestServer}: those of `TestEnvironment.start()` and two more. */
export interface SharedTestServerOptions extends TestEnvironmentOptions {
  /** Whether a server that cannot run here fails (true) or makes real-server suites skip. @default process.env.CI === 'true' */
  ci?: boolean;
  /** Where the one-line start-up report goes. @default a line on stderr */
  log?: (line: string) => void;
}

/**
 * Starts the shared server in a test runner's global setup. When no server can be run here
 * (`Unavailable`) and `ci` is false, it records why and returns `undefined` so real-server suites
 * skip; with `ci` true (default: `CI=true` in the environment) that is an error.
 */
export async function startSharedTestServer(
  options: SharedTestServerOptions = {},
): Promise<TestEnvironment | undefined> {
  const {
    ci = process.env.CI === 'true',
    log = (line: string) => process.stderr.write(`\n[kubekit testing] ${line}\n`),
    ...envOptions
  } = options;
  let env: TestEnvironment;
  try {
    env = await TestEnvironment.start(envOptions);
  } catch (err) {
    const unavailable = ci ? undefined : findReason(err, 'Unavailable');
    if (unavailable) {
      process.env[ENV_SKIP] = unavailable.message;
      log(`real API server suites skipped: ${unavailable.message}`);
      return undefined;
    }
    throw err;
  }
  process.env[ENV_KUBECONFIG] = env.kubeconfigPath;
  process.env[ENV_BACKEND] = env.backend;
  delete process.env[ENV_SKIP];
  process.stderr.write(`\n[kubekit testing] ${env.backend} API server at ${env.url}, ready in ${env.startMillis} ms\n`);
  return env;
}

/** The run's shared server, or why there is none. */
export function sharedTestServer(): SharedTestServer | SharedTestServerUnavailable {
  const kubeconfigPath = process.env[ENV_KUBECONFIG];
  if (!kubeconfigPath) {
    return {
      available: false,
      reason: process.env[ENV_SKIP] ?? 'no shared test server was started (is the global setup configured?)',
    };
  }
  const backend = (process.env[ENV_BACKEND] ?? 'harness') as TestServerBackend;
  return {
    available: true,
    backend,
    kubeconfigPath,
    kubeConfig: (user: TestUser = 'admin') => loadKubeConfig(kubeconfigPath, user),
    namespace: (prefix) => createTestNamespace(loadKubeConfig(kubeconfigPath), prefix),
  };
}

async function createTestNamespace(kc: KubeConfig, prefix: string): Promise<TestNamespace> {
  const base = prefix
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 50);
  const name = `${base || 'test'}-${randomBytes(3).toString('hex')}`;
  const withClient = async (call: (client: Client) => Promise<unknown>) => {
    using client = new Client({ kubeConfig: kc });
    await call(client);
  };
  await withClient((c) => c.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } }));
  return { name, cleanup: () => withClient((c) => c.delete(builtinKinds.Namespace, name)) };
}
