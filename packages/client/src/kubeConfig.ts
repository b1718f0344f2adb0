/**
 * The client's use of client-node's `KubeConfig` where it can fail — loading the default one,
 * reading the server URL, applying credentials — with each failure turned into a `KubeConfigError`
 * that names the file, context, server URL or exec command in use.
 */
import type * as https from 'node:https';
import { KubeConfig } from '@kubernetes/client-node';
import { KubeConfigError } from './errors.js';
import type { KubeConfigLike } from './kubeConfigLike.js';

// client-node is imported statically: loading it lazily with a synchronous `require` of an ES
// module works in Node 22.12+, but not under jest's ES module runtime before Node 24.9, where a
// user's tests read kubeconfigs (TestEnvironment does). It costs ~1 s and ~80 MB at import.

/**
 * A `KubeConfig` loaded as kubectl finds it: the files of `$KUBECONFIG`, else `~/.kube/config`,
 * else the in-cluster service account.
 * @throws {@link KubeConfigError} naming the file that cannot be read or parsed.
 */
export function loadDefaultKubeConfig(): KubeConfig {
  const kubeConfig = new KubeConfig();
  try {
    kubeConfig.loadFromDefault();
  } catch (cause) {
    const named = process.env.KUBECONFIG ? ' named by KUBECONFIG' : '';
    const file = (cause as { path?: unknown }).path;
    throw new KubeConfigError({
      problem:
        typeof file === 'string'
          ? `cannot read the kubeconfig file "${file}"${named}`
          : `cannot load the kubeconfig${named ? ` (KUBECONFIG=${process.env.KUBECONFIG})` : ''}`,
      file: typeof file === 'string' ? file : undefined,
      cause,
    });
  }
  return kubeConfig;
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
 * A `KubeConfig` as kubectl's `--kubeconfig` and `--context` choose it: client-node reads it, so
 * whatever client-node speaks works (exec plugins, OIDC, client certificates, token files, proxies,
 * `http://` servers). Pass it to `new Client({ kubeConfig })`.
 * @throws {@link KubeConfigError} naming the file that cannot be read or parsed, or the context the
 *   kubeconfig does not have.
 */
export function readKubeConfig(source: KubeConfigSource = {}): KubeConfig {
  let kubeConfig: KubeConfig;
  if (source.path === undefined) {
    kubeConfig = loadDefaultKubeConfig();
  } else {
    kubeConfig = new KubeConfig();
    try {
      kubeConfig.loadFromFile(source.path);
    } catch (cause) {
      throw new KubeConfigError({
        problem: `cannot read the kubeconfig file "${source.path}"`,
        file: source.path,
        cause,
      });
    }
  }
  if (source.context !== undefined) {
    if (!kubeConfig.getContextObject(source.context)) {
      const known = kubeConfig.getContexts().map((c) => c.name);
      throw new KubeConfigError({
        problem: `there is no such context${source.path === undefined ? '' : ` in "${source.path}"`} (it has ${known.length === 0 ? 'none' : known.join(', ')})`,
        file: source.path,
        context: source.context,
      });
    }
    kubeConfig.setCurrentContext(source.context);
  }
  return kubeConfig;
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
 * Puts the current user's credentials into request options (client-node reads certificate and
 * token files and runs exec plugins here, on every request).
 * @throws {@link KubeConfigError} naming the exec command or the file that failed.
 */
export async function applyCredentials(kubeConfig: KubeConfigLike, options: https.RequestOptions): Promise<void> {
  try {
    await kubeConfig.applyToHTTPSOptions(options);
  } catch (cause) {
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
