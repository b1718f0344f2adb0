import type { TestServerBackend } from '../options.js';

/** The kubeconfig users every test server provides. */
export type TestUser = 'admin' | 'restricted';

/** Context names in the kubeconfig a test server writes, per user. */
export const CONTEXTS: Readonly<Record<TestUser, string>> = {
  admin: 'kubekit',
  restricted: 'kubekit-restricted',
};

/** What both server backends offer the {@link TestEnvironment}. */
export interface RunningServer {
  readonly backend: TestServerBackend;
  /** `https://127.0.0.1:<port>` */
  readonly url: string;
  /** A kubeconfig with the contexts of {@link CONTEXTS}. */
  readonly kubeconfigPath: string;
  /** The client URL of the server's etcd, `http://127.0.0.1:<port>`. */
  readonly etcdUrl: string;
  /** Milliseconds from spawn to the first ready answer of the last (re)start. */
  readonly startMillis: number;
  /** Compacts etcd to its current revision; returns that revision. */
  compact(): Promise<number>;
  /** Stops the server and starts it again on the same ports with the same data. */
  restart(): Promise<void>;
  /** Stops the server; idempotent. Does not remove the data directory. */
  stop(): Promise<void>;
}
