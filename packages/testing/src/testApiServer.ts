import type { CustomResourceDefinition } from '@kubekit/core';
import type { KubeConfig } from '@kubernetes/client-node';
import type { CrdSource, InstallCrdsOptions } from './crds.js';
import type { TestUser } from './servers/runningServer.js';

/**
 * What {@link TestEnvironment} (a real API server) and {@link FakeApiServer} (the in-memory one)
 * both are, so a test helper or fixture written against this type runs on either: swap
 * `FakeApiServer.start()` for `TestEnvironment.start()` and nothing else changes.
 *
 * ```ts
 * async function withWidgets(server: TestApiServer): Promise<Client> {
 *   await server.installCrds([Widget.crd]);
 *   return new Client({ kubeConfig: server.kubeConfig });
 * }
 * ```
 */
export interface TestApiServer extends AsyncDisposable {
  /** The server's URL: `https://127.0.0.1:<port>` (a `FakeApiServer` without TLS: `http://`). */
  readonly url: string;
  /** Path of a kubeconfig for this server, with the contexts `kubekit` (admin) and `kubekit-restricted`. */
  readonly kubeconfigPath: string;
  /** Milliseconds its (last) start took. */
  readonly startMillis: number;
  /** A fresh client-node `KubeConfig` for the admin user. */
  readonly kubeConfig: KubeConfig;
  /** A fresh `KubeConfig` for a user: `restricted` may use discovery and read CRDs, nothing else. */
  kubeConfigFor(user: TestUser): KubeConfig;
  /** Creates (or replaces) CRDs and waits until each is Established and served; see `installCrds`. */
  installCrds(crds: readonly CrdSource[], options?: InstallCrdsOptions): Promise<CustomResourceDefinition[]>;
  /**
   * Forgets the history before now, so a watch or list from an older resourceVersion that reaches
   * it gets 410 Gone. Returns the revision (resourceVersion) compacted to.
   */
  compact(): Promise<number>;
  /** Stops the server and serves again on the same port with the same objects and credentials. */
  restart(): Promise<void>;
  /** Stops the server and removes its files; idempotent. */
  stop(): Promise<void>;
}
