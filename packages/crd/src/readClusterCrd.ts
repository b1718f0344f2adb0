import { readFile } from 'node:fs/promises';
import { request } from 'node:https';
import { homedir } from 'node:os';
import { delimiter, dirname, isAbsolute, join } from 'node:path';
import type { CustomResourceDefinition } from '@kubekit/core';
import { parse } from 'yaml';
import { CrdError } from './errors.js';

/** Options of {@link readClusterCrd}. */
export interface ReadClusterCrdOptions {
  /** The kubeconfig file. @default the first path in $KUBECONFIG, else ~/.kube/config */
  kubeconfig?: string;
  /** The kubeconfig context. @default the kubeconfig's current-context */
  context?: string;
  /** Cancels the request. @default undefined */
  signal?: AbortSignal;
}

/** The parts of a kubeconfig file this reader uses. */
interface KubeConfigFile {
  'current-context'?: string;
  contexts?: Array<{ name: string } & { context?: { cluster?: string; user?: string } }>;
  clusters?: Array<
    { name: string } & {
      cluster?: {
        server?: string;
        'certificate-authority-data'?: string;
        'certificate-authority'?: string;
        'insecure-skip-tls-verify'?: boolean;
      };
    }
  >;
  users?: Array<
    { name: string } & {
      user?: {
        token?: string;
        tokenFile?: string;
        'client-certificate-data'?: string;
        'client-certificate'?: string;
        'client-key-data'?: string;
        'client-key'?: string;
        exec?: unknown;
        'auth-provider'?: unknown;
      };
    }
  >;
}

/**
 * Reads one CustomResourceDefinition from a cluster, with the credentials of a kubeconfig
 * context: bearer tokens (inline or `tokenFile`) and client certificates (inline or files).
 *
 * @throws CrdError `ClusterError` when the kubeconfig cannot be read or uses an auth method this
 *   reader does not speak (exec plugins, auth providers), when the request fails, or when the
 *   cluster has no CRD of that name (the message names it).
 */
export async function readClusterCrd(
  name: string,
  options: ReadClusterCrdOptions = {},
): Promise<CustomResourceDefinition> {
  const path =
    options.kubeconfig ?? process.env.KUBECONFIG?.split(delimiter).find(Boolean) ?? join(homedir(), '.kube', 'config');
  let config: KubeConfigFile;
  try {
    config = parse(await readFile(path, 'utf8')) as KubeConfigFile;
  } catch (err) {
    throw clusterError(`cannot read kubeconfig ${path}: ${(err as Error).message}`, err);
  }
  const contextName = options.context ?? config['current-context'];
  const context = config.contexts?.find((c) => c.name === contextName)?.context;
  if (!context) throw clusterError(`kubeconfig ${path} has no context ${String(contextName)}`);
  const cluster = config.clusters?.find((c) => c.name === context.cluster)?.cluster;
  const user = config.users?.find((u) => u.name === context.user)?.user ?? {};
  if (!cluster?.server) throw clusterError(`kubeconfig ${path}: context ${contextName} has no cluster server`);
  if (user.exec || user['auth-provider']) {
    throw clusterError(
      `kubeconfig ${path}: user ${context.user} uses an exec plugin or auth provider; pipe kubectl get crd ${name} -o yaml in instead`,
    );
  }
  const base = dirname(path);
  const file = (p: string | undefined) => (p === undefined ? undefined : readFile(isAbsolute(p) ? p : join(base, p)));
  const data = (d: string | undefined) => (d === undefined ? undefined : Buffer.from(d, 'base64'));
  const url = new URL(
    `/apis/apiextensions.k8s.io/v1/customresourcedefinitions/${encodeURIComponent(name)}`,
    cluster.server,
  );
  let credentials: { token?: string; tls: TlsOptions };
  try {
    credentials = {
      token: user.token ?? (await file(user.tokenFile))?.toString('utf8').trim(),
      tls: {
        ca: data(cluster['certificate-authority-data']) ?? (await file(cluster['certificate-authority'])),
        cert: data(user['client-certificate-data']) ?? (await file(user['client-certificate'])),
        key: data(user['client-key-data']) ?? (await file(user['client-key'])),
        rejectUnauthorized: cluster['insecure-skip-tls-verify'] !== true,
      },
    };
  } catch (err) {
    throw clusterError(`kubeconfig ${path}: cannot read the credentials: ${(err as Error).message}`, err);
  }
  let response: { status: number; body: string };
  try {
    response = await get(url, credentials.token, credentials.tls, options.signal);
  } catch (err) {
    throw clusterError(`cannot reach ${cluster.server}: ${(err as Error).message}`, err);
  }
  if (response.status === 404) throw clusterError(`the cluster has no CustomResourceDefinition ${name}`);
  if (response.status !== 200) {
    throw clusterError(
      `reading CustomResourceDefinition ${name} failed (${response.status}): ${response.body.slice(0, 300)}`,
    );
  }
  return JSON.parse(response.body) as CustomResourceDefinition;
}

interface TlsOptions {
  ca?: Buffer;
  cert?: Buffer;
  key?: Buffer;
  rejectUnauthorized: boolean;
}

function get(
  url: URL,
  token: string | undefined,
  tls: TlsOptions,
  signal: AbortSignal | undefined,
): Promise<{ status: number; body: string }> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'GET', headers, ...tls, signal }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', reject);
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end();
  });
}

function clusterError(message: string, cause?: unknown): CrdError {
  return new CrdError('ClusterError', message, { cause });
}
