import { Client, isKubeConfigError, isTransportError, readKubeConfig } from '@kubekit/client';
import type { CustomResourceDefinition } from '@kubekit/core';
import { isApiError, isNotFound } from '@kubekit/core';
import { CrdError } from './errors.js';

/** Options of {@link readClusterCrd}. */
export interface ReadClusterCrdOptions {
  /** The kubeconfig file. @default as kubectl finds it: the files of $KUBECONFIG, else ~/.kube/config, else in-cluster */
  kubeconfig?: string;
  /** The kubeconfig context. @default the kubeconfig's current-context */
  context?: string;
  /** Cancels the request; the call then rejects with the signal's reason. @default undefined */
  signal?: AbortSignal;
}

/** The CRD kind, unstructured: the answer is handed out as the server wrote it. */
const CRD_KIND = { apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition' } as const;

/**
 * Reads one CustomResourceDefinition from a cluster through a `Client` of `@kubekit/client`, with
 * the credentials of a kubeconfig context as `readKubeConfig` reads them: tokens, token files,
 * client certificates, and through client-node exec plugins (EKS, GKE, AKS), OIDC and proxies.
 *
 * @throws CrdError `ClusterError` when the kubeconfig cannot be read or has no such context, the
 *   credentials cannot be had, the server cannot be reached or refuses, or the cluster has no CRD of
 *   that name; the message names which, and `cause` is the client's typed error.
 */
export async function readClusterCrd(
  name: string,
  options: ReadClusterCrdOptions = {},
): Promise<CustomResourceDefinition> {
  let client: Client | undefined;
  let server: string | undefined;
  try {
    const kubeConfig = readKubeConfig({ path: options.kubeconfig, context: options.context });
    server = kubeConfig.getCurrentCluster()?.server;
    client = new Client({ kubeConfig });
    return (await client.get(CRD_KIND, name, { signal: options.signal })) as unknown as CustomResourceDefinition;
  } catch (err) {
    if (options.signal?.aborted) throw err;
    throw new CrdError('ClusterError', clusterProblem(name, server, err), { cause: err });
  } finally {
    client?.close();
  }
}

/** What went wrong, in words that name the CRD, kubeconfig or server. */
function clusterProblem(name: string, server: string | undefined, err: unknown): string {
  const message = (err as Error)?.message ?? String(err);
  if (isNotFound(err)) return `the cluster has no CustomResourceDefinition ${name}`;
  if (isKubeConfigError(err)) return message;
  if (isTransportError(err)) return `cannot reach ${server ?? 'the cluster'}: ${message}`;
  if (isApiError(err)) return `reading CustomResourceDefinition ${name} failed (${err.code}): ${message}`;
  return `reading CustomResourceDefinition ${name} failed: ${message}`;
}
