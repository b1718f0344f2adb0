/**
 * Kubeconfigs as the client reads them — kubectl's rules for finding and merging them, the server
 * URL, the credentials — with each failure a `KubeConfigError` that names the file, context,
 * server URL or exec command in use.
 */
import type * as https from 'node:https';
import { isKubeConfigError, KubeConfigError } from './errors.js';
import type { KubeConfigLike } from './kubeConfigLike.js';
import { readKubeConfigFile } from './kubeconfig/kubeConfigFile.js';
import {
  defaultKubeConfigEntries,
  type KubeConfigEnvironment,
  mergeKubeConfigFiles,
} from './kubeconfig/kubeConfigSources.js';
import { LoadedKubeConfig } from './kubeconfig/loadedKubeConfig.js';

// Kubeconfigs are read by kubekit itself (kubeconfig/): importing @kubernetes/client-node costs
// ~1 s and ~90 MB, as it loads its generated API. It is imported, asynchronously (a synchronous
// `require` of an ES module fails under jest's ES module runtime before Node 24.9), only when a
// request needs what only it does: exec plugins, auth providers, proxies (see LoadedKubeConfig).

/**
 * The kubeconfig as kubectl finds it: the files of `$KUBECONFIG` merged (files missing from the
 * list are skipped), else `~/.kube/config`, else a pod's service account (in-cluster).
 * @throws {@link KubeConfigError} naming the file that cannot be read or parsed, or where a
 *   kubeconfig was looked for when there is none.
 */
export function loadDefaultKubeConfig(where?: KubeConfigEnvironment): LoadedKubeConfig {
  return new LoadedKubeConfig(defaultKubeConfigEntries(where));
}

/** Which kubeconfig {@link readKubeConfig} loads, and which of its contexts it uses. */
export interface KubeConfigSource {
  /**
   * A kubeconfig file.
   * @default as kubectl finds it: the files of `$KUBECONFIG`, else `~/.kube/config`, else the in-cluster service account
   */
  path?: string;
  /** The context to use. @default the kubeconfig's `current-context` */
  context?: string;
}

/**
 * A kubeconfig as kubectl's `--kubeconfig` and `--context` choose it, read by kubekit (see
 * {@link LoadedKubeConfig} for what it applies itself and what it hands to
 * `@kubernetes/client-node`). Pass it to `new Client({ kubeConfig })`.
 * @throws {@link KubeConfigError} naming the file that cannot be read or parsed (and the entry of
 *   it that has a wrong shape), or the context the kubeconfig does not have.
 */
export function readKubeConfig(source: KubeConfigSource = {}): LoadedKubeConfig {
  const kubeConfig =
    source.path === undefined
      ? loadDefaultKubeConfig()
      : new LoadedKubeConfig(mergeKubeConfigFiles([readKubeConfigFile(source.path)]));
  return source.context === undefined ? kubeConfig : kubeConfig.withContext(source.context);
}

/**
 * The server URL of the kubeconfig's current cluster.
 * @throws {@link KubeConfigError} when there is no current cluster or its server is not a URL.
 */
export function serverUrlOf(kubeConfig: KubeConfigLike): URL {
  const context = kubeConfig.getCurrentContext() || undefined;
  const server = kubeConfig.getCurrentCluster()?.server;
  if (!server) {
    throw new KubeConfigError({ problem: 'there is no current cluster with a server URL', context });
  }
  try {
    return new URL(server);
  } catch (cause) {
    throw new KubeConfigError({ problem: `the server URL "${server}" is not a URL`, context, server, cause });
  }
}

/**
 * Puts the current user's credentials into request options, on every request (files are read,
 * exec plugins run, tokens refreshed here).
 * @throws {@link KubeConfigError} naming the exec command or the file that failed.
 */
export async function applyCredentials(kubeConfig: KubeConfigLike, options: https.RequestOptions): Promise<void> {
  try {
    await kubeConfig.applyToHTTPSOptions(options);
  } catch (cause) {
    if (isKubeConfigError(cause)) throw cause;
    const context = kubeConfig.getCurrentContext() || undefined;
    const server = kubeConfig.getCurrentCluster()?.server;
    const command = kubeConfig.getCurrentUser()?.exec?.command as string | undefined;
    const { path, syscall } = (cause ?? {}) as { path?: unknown; syscall?: unknown };
    const spawn = typeof syscall === 'string' && syscall.startsWith('spawn');
    const file = typeof path === 'string' && !spawn ? path : undefined;
    let problem = 'cannot get the credentials';
    if (command !== undefined && spawn) problem = `the exec credential plugin "${command}" cannot be started`;
    else if (file !== undefined) problem = `cannot read the file "${file}"`;
    else if (command !== undefined) problem = `the exec credential plugin "${command}" failed`;
    throw new KubeConfigError({
      problem,
      context,
      server,
      command,
      file,
      cause,
    });
  }
}
