/**
 * One kubeconfig file, read as kubectl reads it: its clusters, users and contexts (each by name,
 * the first of a name kept), its `current-context`, with relative file paths resolved against the
 * file's folder. The shape is checked field by field; what is wrong is a `KubeConfigError` naming
 * the file and the entry.
 */
import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve, sep } from 'node:path';
import { parseManifestDocuments } from '@kubekit/core';
import { KubeConfigError } from '../errors.js';

/** A cluster of a kubeconfig (`clusters[].cluster`), its fields named as in the file, camel-cased. */
export interface KubeConfigCluster {
  /** The entry's name. */
  readonly name: string;
  /** The API server URL (`server`). */
  readonly server: string;
  /** The CA bundle file (`certificate-authority`), an absolute path. @default none */
  readonly certificateAuthority?: string;
  /** The CA bundle, base64-encoded PEM (`certificate-authority-data`). @default none */
  readonly certificateAuthorityData?: string;
  /** Whether the server's certificate goes unchecked (`insecure-skip-tls-verify`). @default false */
  readonly insecureSkipTlsVerify: boolean;
  /** The name the server's certificate is checked against (`tls-server-name`). @default the server URL's host */
  readonly tlsServerName?: string;
  /** The proxy to reach the server through (`proxy-url`). @default none */
  readonly proxyUrl?: string;
  /** The file the entry was read from; `undefined` in a pod's in-cluster configuration. */
  readonly file?: string;
}

/** An exec credential plugin (`users[].user.exec`): kubekit runs it through `@kubernetes/client-node`. */
export interface KubeConfigExec {
  /** The plugin's command; a relative path with a folder in it is resolved against the kubeconfig's folder. */
  readonly command: string;
  /** The other fields as the file has them (`apiVersion`, `args`, `env`, `interactiveMode`, ...). */
  readonly [field: string]: unknown;
}

/** An auth provider (`users[].user.auth-provider`: `oidc`, `gcp`, `azure`): kubekit runs it through `@kubernetes/client-node`. */
export interface KubeConfigAuthProvider {
  /** The provider's name. */
  readonly name: string;
  /** Its settings. @default {} */
  readonly config?: Readonly<Record<string, string>>;
}

/** A user of a kubeconfig (`users[].user`), its fields named as in the file, camel-cased. */
export interface KubeConfigUser {
  /** The entry's name. */
  readonly name: string;
  /** The client certificate file (`client-certificate`), an absolute path. @default none */
  readonly clientCertificate?: string;
  /** The client certificate, base64-encoded PEM (`client-certificate-data`). @default none */
  readonly clientCertificateData?: string;
  /** The client key file (`client-key`), an absolute path. @default none */
  readonly clientKey?: string;
  /** The client key, base64-encoded PEM (`client-key-data`). @default none */
  readonly clientKeyData?: string;
  /** A bearer token (`token`). @default none */
  readonly token?: string;
  /**
   * A file holding a bearer token (`tokenFile`; client-node's spelling `token-file` is read too),
   * an absolute path. It is read again when it changes (a rotated token). @default none
   */
  readonly tokenFile?: string;
  /** Basic authentication's user name (`username`). @default none */
  readonly username?: string;
  /** Basic authentication's password (`password`). @default none */
  readonly password?: string;
  /** The user to act as (`as`, sent as `Impersonate-User`). @default none */
  readonly impersonate?: string;
  /** The groups to act as (`as-groups`, sent as `Impersonate-Group`). @default none */
  readonly impersonateGroups?: readonly string[];
  /** An exec credential plugin (`exec`). @default none */
  readonly exec?: KubeConfigExec;
  /** An auth provider (`auth-provider`). @default none */
  readonly authProvider?: KubeConfigAuthProvider;
  /** The file the entry was read from; `undefined` in a pod's in-cluster configuration. */
  readonly file?: string;
}

/** A context of a kubeconfig (`contexts[].context`). */
export interface KubeConfigContext {
  /** The entry's name. */
  readonly name: string;
  /** The cluster's name. */
  readonly cluster: string;
  /** The user's name. @default none: requests carry no credentials */
  readonly user?: string;
  /** The default namespace. @default none */
  readonly namespace?: string;
  /** The file the entry was read from; `undefined` in a pod's in-cluster configuration. */
  readonly file?: string;
}

/** What one kubeconfig file holds, by name. */
export interface KubeConfigFileContent {
  /** The file, as named to the reader. */
  readonly file: string;
  readonly clusters: ReadonlyMap<string, KubeConfigCluster>;
  readonly users: ReadonlyMap<string, KubeConfigUser>;
  readonly contexts: ReadonlyMap<string, KubeConfigContext>;
  /** `current-context`, when the file sets it (an empty string does not). */
  readonly currentContext: string | undefined;
}

/**
 * Reads and checks a kubeconfig file.
 * @throws {@link KubeConfigError} naming the file when it cannot be read or parsed, or an entry of
 *   it when that entry has a wrong shape. A missing file's `cause` has `code: 'ENOENT'`.
 */
export function readKubeConfigFile(file: string): KubeConfigFileContent {
  const path = resolve(file);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (cause) {
    throw new KubeConfigError({ problem: `cannot read the kubeconfig file "${file}"`, file, cause });
  }
  return parseKubeConfigText(text, path, file);
}

/**
 * Parses a kubeconfig's text (YAML or JSON). Relative paths resolve against `path`'s folder;
 * `file` names it in errors.
 */
export function parseKubeConfigText(text: string, path: string, file = path): KubeConfigFileContent {
  let value: unknown;
  try {
    value = parseManifestDocuments(text, file)[0]?.value ?? null;
  } catch (cause) {
    throw new KubeConfigError({ problem: `the kubeconfig file "${file}" is not YAML`, file, cause });
  }
  const check = new ShapeCheck(file);
  if (value === null) value = {};
  const doc = check.object(value, 'the file');
  const base = dirname(path);
  const absolute = (p: string | undefined) => (p === undefined || p === '' ? undefined : resolve(base, p));

  const clusters = new Map<string, KubeConfigCluster>();
  for (const [i, entry] of check.list(doc.clusters, 'clusters')) {
    const at = `clusters[${i}]`;
    const name = check.name(entry, at);
    const c = check.object(entry.cluster, `${at} ("${name}").cluster`);
    const field = `cluster "${name}"`;
    const server = check.string(c.server, `${field}: server`);
    if (server === undefined || server === '') check.fail(`${field} has no server`);
    const certificateAuthority = absolute(check.string(c['certificate-authority'], `${field}: certificate-authority`));
    const certificateAuthorityData = check.string(
      c['certificate-authority-data'],
      `${field}: certificate-authority-data`,
    );
    if (certificateAuthority !== undefined && certificateAuthorityData) {
      check.fail(`${field} has both certificate-authority and certificate-authority-data: keep one`);
    }
    const cluster: KubeConfigCluster = {
      name,
      server: server as string,
      insecureSkipTlsVerify: check.boolean(c['insecure-skip-tls-verify'], `${field}: insecure-skip-tls-verify`),
      ...defined('certificateAuthority', certificateAuthority),
      ...defined('certificateAuthorityData', certificateAuthorityData || undefined),
      ...defined('tlsServerName', check.string(c['tls-server-name'], `${field}: tls-server-name`) || undefined),
      ...defined('proxyUrl', check.string(c['proxy-url'], `${field}: proxy-url`) || undefined),
      file,
    };
    if (!clusters.has(name)) clusters.set(name, cluster);
  }

  const users = new Map<string, KubeConfigUser>();
  for (const [i, entry] of check.list(doc.users, 'users')) {
    const at = `users[${i}]`;
    const name = check.name(entry, at);
    const u = entry.user === undefined || entry.user === null ? {} : check.object(entry.user, `${at} ("${name}").user`);
    const field = `user "${name}"`;
    const str = (key: string) => check.string(u[key], `${field}: ${key}`) || undefined;
    const clientCertificate = absolute(str('client-certificate'));
    const clientKey = absolute(str('client-key'));
    const clientCertificateData = str('client-certificate-data');
    const clientKeyData = str('client-key-data');
    if (clientCertificate !== undefined && clientCertificateData !== undefined) {
      check.fail(`${field} has both client-certificate and client-certificate-data: keep one`);
    }
    if (clientKey !== undefined && clientKeyData !== undefined) {
      check.fail(`${field} has both client-key and client-key-data: keep one`);
    }
    if ((clientCertificate ?? clientCertificateData) !== undefined && (clientKey ?? clientKeyData) === undefined) {
      check.fail(`${field} has a client certificate but no client-key or client-key-data`);
    }
    let exec: KubeConfigExec | undefined;
    if (u.exec !== undefined && u.exec !== null) {
      const e = check.object(u.exec, `${field}: exec`);
      const command = check.string(e.command, `${field}: exec.command`);
      if (!command) check.fail(`${field}: exec has no command`);
      // a relative path with a folder in it is the kubeconfig's neighbour; a bare name is looked up in PATH
      const resolved =
        !isAbsolute(command as string) && (command as string).includes(sep)
          ? resolve(base, command as string)
          : command;
      exec = { ...e, command: resolved as string };
    }
    let authProvider: KubeConfigAuthProvider | undefined;
    if (u['auth-provider'] !== undefined && u['auth-provider'] !== null) {
      const a = check.object(u['auth-provider'], `${field}: auth-provider`);
      const providerName = check.string(a.name, `${field}: auth-provider.name`);
      if (!providerName) check.fail(`${field}: auth-provider has no name`);
      const config =
        a.config === undefined || a.config === null
          ? undefined
          : check.object(a.config, `${field}: auth-provider.config`);
      authProvider = {
        name: providerName as string,
        ...defined('config', config as Record<string, string> | undefined),
      };
    }
    let impersonateGroups: string[] | undefined;
    if (u['as-groups'] !== undefined && u['as-groups'] !== null) {
      const groups = u['as-groups'];
      if (!Array.isArray(groups) || groups.some((g) => typeof g !== 'string')) {
        check.fail(`${field}: as-groups is not a list of strings`);
      }
      impersonateGroups = groups as string[];
    }
    const user: KubeConfigUser = {
      name,
      ...defined('clientCertificate', clientCertificate),
      ...defined('clientCertificateData', clientCertificateData),
      ...defined('clientKey', clientKey),
      ...defined('clientKeyData', clientKeyData),
      ...defined('token', str('token')),
      ...defined('tokenFile', absolute(str('tokenFile') ?? str('token-file'))),
      ...defined('username', str('username')),
      ...defined('password', str('password')),
      ...defined('impersonate', str('as')),
      ...defined('impersonateGroups', impersonateGroups),
      ...defined('exec', exec),
      ...defined('authProvider', authProvider),
      file,
    };
    if (!users.has(name)) users.set(name, user);
  }

  const contexts = new Map<string, KubeConfigContext>();
  for (const [i, entry] of check.list(doc.contexts, 'contexts')) {
    const at = `contexts[${i}]`;
    const name = check.name(entry, at);
    const c = check.object(entry.context, `${at} ("${name}").context`);
    const field = `context "${name}"`;
    const cluster = check.string(c.cluster, `${field}: cluster`);
    if (!cluster) check.fail(`${field} names no cluster`);
    const context: KubeConfigContext = {
      name,
      cluster: cluster as string,
      ...defined('user', check.string(c.user, `${field}: user`) || undefined),
      ...defined('namespace', check.string(c.namespace, `${field}: namespace`) || undefined),
      file,
    };
    if (!contexts.has(name)) contexts.set(name, context);
  }

  const currentContext = check.string(doc['current-context'], 'current-context') || undefined;
  return { file, clusters, users, contexts, currentContext };
}

/** `{ [key]: value }`, or nothing when `value` is `undefined` (for exactOptionalPropertyTypes). */
function defined<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

type Fields = Record<string, unknown>;

/** Shape checks of one file's values, each failure a `KubeConfigError` naming the file and the field. */
class ShapeCheck {
  constructor(readonly file: string) {}

  fail(problem: string): never {
    throw new KubeConfigError({ problem: `in "${this.file}": ${problem}`, file: this.file });
  }

  object(value: unknown, what: string): Fields {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) this.fail(`${what} is not a mapping`);
    return value as Fields;
  }

  list(value: unknown, what: string): Array<[number, Fields]> {
    if (value === undefined || value === null) return [];
    if (!Array.isArray(value)) this.fail(`${what} is not a list`);
    return value.map((entry, i) => [i, this.object(entry, `${what}[${i}]`)]);
  }

  name(entry: Fields, at: string): string {
    const name = this.string(entry.name, `${at}.name`);
    if (!name) this.fail(`${at} has no name`);
    return name as string;
  }

  string(value: unknown, what: string): string | undefined {
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'string') this.fail(`${what} is not a string`);
    return value;
  }

  boolean(value: unknown, what: string): boolean {
    if (value === undefined || value === null) return false;
    if (typeof value !== 'boolean') this.fail(`${what} is not true or false`);
    return value;
  }
}
