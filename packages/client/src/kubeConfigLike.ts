/**
 * What the client uses of a kubeconfig, as a structural type: kubekit's own `LoadedKubeConfig`
 * fits, and so does any `KubeConfig` of `@kubernetes/client-node` 1.x or 2.x, whichever copy of the
 * package it comes from (the class itself has private members, so two copies' classes are not
 * assignable to each other).
 */
import type * as https from 'node:https';

/** The current cluster of a kubeconfig, as far as the client reads it. */
export interface KubeConfigClusterLike {
  /** The API server URL. */
  readonly server: string;
  /** The HTTP(S) proxy to reach it through. @default none */
  readonly proxyUrl?: string;
}

/** The current user of a kubeconfig, as far as the client reads it. */
export interface KubeConfigUserLike {
  /** The exec credential plugin, when the user has one (named in error messages). */
  readonly exec?:
    | {
        /** The plugin's command. */
        readonly command?: unknown;
      }
    | undefined;
}

/**
 * A kubeconfig: kubekit's `LoadedKubeConfig`, a client-node `KubeConfig`, or anything shaped like
 * one. The client reads its current context, cluster and user, and has it put the credentials into
 * every request's options.
 */
export interface KubeConfigLike {
  /** The name of the current context (`''` when none). */
  getCurrentContext(): string;
  /** A context by name, with its namespace. */
  getContextObject(name: string): {
    /** The context's default namespace. */
    readonly namespace?: string;
  } | null;
  /** The current context's cluster. */
  getCurrentCluster(): KubeConfigClusterLike | null;
  /** The current context's user. */
  getCurrentUser(): KubeConfigUserLike | null;
  /** Puts the current user's credentials (certificates, tokens, exec plugin output) into `options`. */
  applyToHTTPSOptions(options: https.RequestOptions): Promise<void>;
}
