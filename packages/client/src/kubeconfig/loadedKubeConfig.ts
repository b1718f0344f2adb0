/**
 * A kubeconfig read by kubekit itself ({@link LoadedKubeConfig}): the credentials of the common
 * cases applied without `@kubernetes/client-node`, which loads (asynchronously, once) only for
 * what only it does: exec plugins, auth providers and proxies.
 */
import type { OutgoingHttpHeaders } from 'node:http';
import type * as https from 'node:https';
import type { KubeConfig as ClientNodeKubeConfig } from '@kubernetes/client-node';
import { KubeConfigError } from '../errors.js';
import type { KubeConfigLike } from '../kubeConfigLike.js';
import { FileReads } from './fileReads.js';
import type { KubeConfigCluster, KubeConfigContext, KubeConfigUser } from './kubeConfigFile.js';
import type { KubeConfigEntries } from './kubeConfigSources.js';

/**
 * A kubeconfig as kubekit reads it (see `readKubeConfig`): its clusters, users and contexts, one of
 * them current. Pass it to `new Client({ kubeConfig })`.
 *
 * Credentials are applied on every request, files read again when they change (a rotated token
 * or certificate is used at once): server CA (`certificate-authority(-data)`,
 * `insecure-skip-tls-verify`, `tls-server-name`), client certificates, `token`, `tokenFile`,
 * `username`/`password`, and impersonation (`as`, `as-groups`). A user with an `exec` plugin or an
 * `auth-provider`, and a cluster with a `proxy-url`, are handed to `@kubernetes/client-node`, which
 * is imported on the first request that needs it (it must then be installed).
 */
export class LoadedKubeConfig implements KubeConfigLike {
  /** The clusters, by name. */
  readonly clusters: ReadonlyMap<string, KubeConfigCluster>;
  /** The users, by name. */
  readonly users: ReadonlyMap<string, KubeConfigUser>;
  /** The contexts, by name. */
  readonly contexts: ReadonlyMap<string, KubeConfigContext>;
  /** The files it was read from, in order (`$KUBECONFIG`'s that exist); empty in a pod. */
  readonly files: readonly string[];
  readonly #currentContext: string;
  readonly #files = new FileReads();
  #clientNode: Promise<KubeConfigLike> | undefined;

  /** A kubeconfig of these entries (`currentContext` `''` for none). */
  constructor(entries: KubeConfigEntries) {
    this.clusters = entries.clusters;
    this.users = entries.users;
    this.contexts = entries.contexts;
    this.files = entries.files;
    this.#currentContext = entries.currentContext;
  }

  /**
   * The same kubeconfig with `context` current, as kubectl's `--context` picks it.
   * @throws {@link KubeConfigError} naming the context when there is no such context.
   */
  withContext(context: string): LoadedKubeConfig {
    if (!this.contexts.has(context)) {
      const known = [...this.contexts.keys()];
      const file = this.files.length === 1 ? this.files[0] : undefined;
      throw new KubeConfigError({
        problem: `there is no such context${file === undefined ? '' : ` in "${file}"`} (it has ${known.length === 0 ? 'none' : known.join(', ')})`,
        file,
        context,
      });
    }
    return new LoadedKubeConfig({
      clusters: this.clusters,
      users: this.users,
      contexts: this.contexts,
      files: this.files,
      currentContext: context,
    });
  }

  /** The current context's name (`''` when none is set). */
  getCurrentContext(): string {
    return this.#currentContext;
  }

  /** A context by name. */
  getContextObject(name: string): KubeConfigContext | null {
    return this.contexts.get(name) ?? null;
  }

  /** The current context's cluster; `null` when the context or its cluster is missing. */
  getCurrentCluster(): KubeConfigCluster | null {
    const context = this.contexts.get(this.#currentContext);
    return (context && this.clusters.get(context.cluster)) ?? null;
  }

  /** The current context's user; `null` when the context names none or a missing one. */
  getCurrentUser(): KubeConfigUser | null {
    const context = this.contexts.get(this.#currentContext);
    return (context?.user !== undefined && this.users.get(context.user)) || null;
  }

  /** The current context's namespace; `undefined` when it names none. */
  get namespace(): string | undefined {
    return this.contexts.get(this.#currentContext)?.namespace;
  }

  /**
   * Puts the current user's credentials into request options: the cluster's CA and TLS server
   * name, the client certificate and key, the `Authorization` header, impersonation headers. Exec
   * plugins, auth providers and proxies go through `@kubernetes/client-node`, imported here on
   * first need.
   * @throws {@link KubeConfigError} when the context names a user that is missing, or
   *   `@kubernetes/client-node` is needed and cannot be loaded; `fs` errors of a file that cannot be read.
   */
  async applyToHTTPSOptions(options: https.RequestOptions): Promise<void> {
    const context = this.contexts.get(this.#currentContext);
    const cluster = this.getCurrentCluster();
    const user = this.getCurrentUser();
    if (context?.user !== undefined && user === null) {
      throw new KubeConfigError({
        problem: `the context names the user "${context.user}", which the kubeconfig does not have`,
        context: this.#currentContext,
      });
    }
    if (user?.exec !== undefined || user?.authProvider !== undefined || cluster?.proxyUrl !== undefined) {
      this.#clientNode ??= this.#loadClientNode(cluster, user);
      await (await this.#clientNode).applyToHTTPSOptions(options);
      return;
    }
    if (cluster) {
      if (cluster.insecureSkipTlsVerify) options.rejectUnauthorized = false;
      if (cluster.tlsServerName !== undefined) options.servername = cluster.tlsServerName;
      const ca = this.#bytes(cluster.certificateAuthority, cluster.certificateAuthorityData);
      if (ca) options.ca = ca;
    }
    if (!user) return;
    const cert = this.#bytes(user.clientCertificate, user.clientCertificateData);
    if (cert) options.cert = cert;
    const key = this.#bytes(user.clientKey, user.clientKeyData);
    if (key) options.key = key;
    options.headers ??= {};
    const headers = options.headers as OutgoingHttpHeaders;
    const token = user.token ?? (user.tokenFile && this.#files.read(user.tokenFile).toString('utf8').trim());
    if (token) headers.authorization = `Bearer ${token}`;
    else if (user.username !== undefined || user.password !== undefined) {
      options.auth = `${user.username ?? ''}:${user.password ?? ''}`;
    }
    if (user.impersonate !== undefined) headers['impersonate-user'] = user.impersonate;
    if (user.impersonateGroups !== undefined) headers['impersonate-group'] = [...user.impersonateGroups];
  }

  /**
   * A `KubeConfig` of `@kubernetes/client-node` with the same clusters, users, contexts and
   * current context (a new one on each call), for code that needs client-node's own API. Imports
   * `@kubernetes/client-node`, which must be installed.
   * @throws {@link KubeConfigError} when `@kubernetes/client-node` cannot be loaded.
   */
  async toClientNode(): Promise<ClientNodeKubeConfig> {
    let clientNode: typeof import('@kubernetes/client-node');
    try {
      clientNode = await import('@kubernetes/client-node');
    } catch (cause) {
      throw new KubeConfigError({
        problem: 'cannot load @kubernetes/client-node (is it installed?)',
        context: this.#currentContext || undefined,
        cause,
      });
    }
    const kubeConfig = new clientNode.KubeConfig();
    kubeConfig.loadFromOptions({
      clusters: [...this.clusters.values()].map((c) => ({
        name: c.name,
        server: c.server,
        skipTLSVerify: c.insecureSkipTlsVerify,
        caFile: c.certificateAuthority,
        caData: c.certificateAuthorityData,
        tlsServerName: c.tlsServerName,
        proxyUrl: c.proxyUrl,
      })),
      users: [...this.users.values()].map((u) => ({
        name: u.name,
        certFile: u.clientCertificate,
        certData: u.clientCertificateData,
        keyFile: u.clientKey,
        keyData: u.clientKeyData,
        token: u.token,
        username: u.username,
        password: u.password,
        impersonateUser: u.impersonate,
        exec: u.exec && { ...u.exec },
        // client-node reads a token file (again every minute) only as this pseudo auth provider
        authProvider:
          u.authProvider !== undefined
            ? { name: u.authProvider.name, config: { ...u.authProvider.config } }
            : u.tokenFile !== undefined && u.token === undefined
              ? { name: 'tokenFile', config: { tokenFile: u.tokenFile } }
              : undefined,
      })),
      contexts: [...this.contexts.values()].map((c) => ({
        name: c.name,
        cluster: c.cluster,
        user: c.user,
        namespace: c.namespace,
      })),
      currentContext: this.#currentContext,
    });
    return kubeConfig;
  }

  /** client-node's `KubeConfig`, for a user or cluster only it serves; its load failure names what needed it. */
  async #loadClientNode(cluster: KubeConfigCluster | null, user: KubeConfigUser | null): Promise<KubeConfigLike> {
    try {
      return await this.toClientNode();
    } catch (err) {
      this.#clientNode = undefined;
      const command = typeof user?.exec?.command === 'string' ? user.exec.command : undefined;
      const what =
        command !== undefined
          ? `the exec credential plugin "${command}"`
          : user?.authProvider !== undefined
            ? `the auth provider "${user.authProvider.name}"`
            : `the proxy "${cluster?.proxyUrl}"`;
      throw new KubeConfigError({
        problem: `${what} is served through @kubernetes/client-node, which cannot be loaded (install it)`,
        context: this.#currentContext || undefined,
        server: cluster?.server,
        command,
        cause: (err as Error).cause ?? err,
      });
    }
  }

  /** A file's contents (read again when it changed), else base64 data decoded, else `undefined`. */
  #bytes(file: string | undefined, data: string | undefined): Buffer | undefined {
    if (file !== undefined) return this.#files.read(file);
    if (data !== undefined) return Buffer.from(data, 'base64');
    return undefined;
  }
}
