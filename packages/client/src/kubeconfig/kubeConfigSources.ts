/**
 * Where a kubeconfig comes from, by kubectl's rules: the files of `$KUBECONFIG` merged, else
 * `~/.kube/config`, else a pod's service account (in-cluster).
 */
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';
import { KubeConfigError } from '../errors.js';
import type { KubeConfigCluster, KubeConfigContext, KubeConfigFileContent, KubeConfigUser } from './kubeConfigFile.js';
import { readKubeConfigFile } from './kubeConfigFile.js';

/** A kubeconfig's entries by name, as merged from its files (or made for a pod). */
export interface KubeConfigEntries {
  /** The clusters, by name. */
  readonly clusters: ReadonlyMap<string, KubeConfigCluster>;
  /** The users, by name. */
  readonly users: ReadonlyMap<string, KubeConfigUser>;
  /** The contexts, by name. */
  readonly contexts: ReadonlyMap<string, KubeConfigContext>;
  /** The current context's name, `''` when none is set. */
  readonly currentContext: string;
  /** The files read, in order; empty in-cluster. */
  readonly files: readonly string[];
}

/** Where the default kubeconfig is looked for; tests point it elsewhere. */
export interface KubeConfigEnvironment {
  /** The environment (`KUBECONFIG`, `HOME`, `KUBERNETES_SERVICE_HOST`/`_PORT`, `POD_NAMESPACE`). @default process.env */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** A pod's service account folder. @default '/var/run/secrets/kubernetes.io/serviceaccount' */
  readonly serviceAccountDir?: string;
}

/** The folder where the kubelet mounts a pod's service account token, CA bundle and namespace. */
export const SERVICE_ACCOUNT_DIR = '/var/run/secrets/kubernetes.io/serviceaccount';

/** The names of the cluster, user and context of an in-cluster configuration. */
export const IN_CLUSTER = 'in-cluster';

/**
 * Files merged as kubectl merges `$KUBECONFIG`: for clusters, users and contexts the first file
 * naming an entry wins; `current-context` comes from the first file that sets it.
 */
export function mergeKubeConfigFiles(contents: readonly KubeConfigFileContent[]): KubeConfigEntries {
  const clusters = new Map<string, KubeConfigCluster>();
  const users = new Map<string, KubeConfigUser>();
  const contexts = new Map<string, KubeConfigContext>();
  let currentContext: string | undefined;
  for (const content of contents) {
    for (const [name, c] of content.clusters) if (!clusters.has(name)) clusters.set(name, c);
    for (const [name, u] of content.users) if (!users.has(name)) users.set(name, u);
    for (const [name, c] of content.contexts) if (!contexts.has(name)) contexts.set(name, c);
    currentContext ??= content.currentContext;
  }
  return { clusters, users, contexts, currentContext: currentContext ?? '', files: contents.map((c) => c.file) };
}

/**
 * The kubeconfig as kubectl finds it: the files `$KUBECONFIG` names (files missing from the list
 * are skipped), else `~/.kube/config`; when that gives no kubeconfig at all and the process runs in
 * a pod, the pod's service account.
 * @throws {@link KubeConfigError} naming the file that cannot be read or parsed, or, when there is
 *   no kubeconfig at all, where it was looked for.
 */
export function defaultKubeConfigEntries(where: KubeConfigEnvironment = {}): KubeConfigEntries {
  const env = where.env ?? process.env;
  const list = env.KUBECONFIG;
  let files: string[];
  if (list) {
    files = [...new Set(list.split(delimiter).filter((f) => f !== ''))];
  } else {
    files = [join(env.HOME || homedir(), '.kube', 'config')];
  }
  const present = files.filter((f) => existsSync(f));
  const merged = mergeKubeConfigFiles(present.map(readKubeConfigFile));
  const empty = merged.clusters.size === 0 && merged.contexts.size === 0 && merged.users.size === 0;
  if (!empty) return merged;
  const inCluster = inClusterEntries(env, where.serviceAccountDir ?? SERVICE_ACCOUNT_DIR);
  if (inCluster) return inCluster;
  if (present.length > 0) return merged;
  const pod = env.KUBERNETES_SERVICE_HOST
    ? 'the service account token is missing'
    : 'KUBERNETES_SERVICE_HOST is not set';
  const first = files[0] as string;
  throw new KubeConfigError({
    problem: list
      ? `cannot read the kubeconfig file${files.length > 1 ? 's' : ''} ${files.map((f) => `"${f}"`).join(', ')} named by KUBECONFIG: ${files.length > 1 ? 'none exists' : 'it does not exist'}, and this is not a pod (${pod})`
      : `there is no kubeconfig: KUBECONFIG is not set, "${first}" does not exist, and this is not a pod (${pod})`,
    file: first,
    cause: Object.assign(new Error(`ENOENT: no such file or directory, open '${first}'`), {
      code: 'ENOENT',
      path: first,
    }),
  });
}

/**
 * A pod's configuration, as kubectl makes it in a pod: the server from `KUBERNETES_SERVICE_HOST`
 * and `_PORT`, the service account token file (read again as the kubelet rotates it), its
 * `ca.crt`, and the namespace from `POD_NAMESPACE` or the service account's `namespace` file.
 * `undefined` when not in a pod (the variables or the token file are missing).
 */
export function inClusterEntries(
  env: Readonly<Record<string, string | undefined>>,
  dir: string = SERVICE_ACCOUNT_DIR,
): KubeConfigEntries | undefined {
  const host = env.KUBERNETES_SERVICE_HOST;
  const port = env.KUBERNETES_SERVICE_PORT;
  const tokenFile = join(dir, 'token');
  if (!host || !port || !existsSync(tokenFile)) return undefined;
  const ca = join(dir, 'ca.crt');
  const namespaceFile = join(dir, 'namespace');
  const namespace =
    env.POD_NAMESPACE || (existsSync(namespaceFile) ? readFileSync(namespaceFile, 'utf8').trim() : '') || undefined;
  const cluster: KubeConfigCluster = {
    name: IN_CLUSTER,
    server: `https://${host.includes(':') ? `[${host}]` : host}:${port}`,
    insecureSkipTlsVerify: false,
    ...(existsSync(ca) && { certificateAuthority: ca }),
  };
  const user: KubeConfigUser = { name: IN_CLUSTER, tokenFile };
  const context: KubeConfigContext = {
    name: IN_CLUSTER,
    cluster: IN_CLUSTER,
    user: IN_CLUSTER,
    ...(namespace !== undefined && { namespace }),
  };
  return {
    clusters: new Map([[IN_CLUSTER, cluster]]),
    users: new Map([[IN_CLUSTER, user]]),
    contexts: new Map([[IN_CLUSTER, context]]),
    currentContext: IN_CLUSTER,
    files: [],
  };
}
