import { readdir, readFile, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client } from '@kubekit/client';
import {
  type CustomResourceDefinition,
  defineKind,
  findReason,
  isAlreadyExists,
  isApiError,
  isNotFound,
  parseManifestDocuments,
} from '@kubekit/core';
import type { KubeConfig } from '@kubernetes/client-node';
import { TestEnvironmentError, throwIfAborted } from './errors.js';

/** A CRD given as an object, or as the path of a YAML/JSON file or of a folder of such files. */
export type CrdSource = string | CustomResourceDefinition;

/** Options of {@link installCrds}. */
export interface InstallCrdsOptions {
  /** Time allowed for each CRD to become Established and served, in ms. @default 30000 */
  timeoutMs?: number;
  /** Cancels the wait. @default undefined */
  signal?: AbortSignal;
}

const MANIFEST_EXTENSIONS = new Set(['.yaml', '.yml', '.json']);
/** The CRD kind, unstructured: CRDs go over the wire as given, so `x-kubernetes-*` keys survive. */
const CRD_KIND = { apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition' } as const;
const POLL_MS = 50;

/**
 * Reads CRD sources into objects. Folders are read one level deep, files in name order; empty
 * documents are ignored. Anything that is not an `apiextensions.k8s.io/v1`
 * CustomResourceDefinition is an `InvalidCrd` error naming the file and document.
 */
export async function readCrds(sources: readonly CrdSource[]): Promise<CustomResourceDefinition[]> {
  const crds: CustomResourceDefinition[] = [];
  for (const source of sources) {
    if (typeof source !== 'string') {
      crds.push(checkCrd(source, `CRD object ${String(source?.metadata?.name)}`));
      continue;
    }
    for (const file of await manifestFiles(source)) {
      for (const { index, value } of readDocuments(await readFile(file, 'utf8'), file)) {
        if (value !== null && value !== undefined) crds.push(checkCrd(value, `${file} (document ${index})`));
      }
    }
  }
  return crds;
}

/**
 * Creates (or replaces) each CRD and waits until the server has marked it Established and serves
 * its resource. Returns the CRDs as the server stored them. It talks to the server through a
 * `Client` of `@kubekit/client` made from `kubeConfig` (closed again before it returns).
 * @throws {@link TestEnvironmentError} `InvalidCrd`, `CrdNotEstablished` (the server refused a CRD
 *   or its names), `Timeout`, `Aborted`; a failure without an answer is the client's typed error
 *   (`TransportError`, `KubeConfigError`).
 */
export async function installCrds(
  kubeConfig: KubeConfig,
  sources: readonly CrdSource[],
  options: InstallCrdsOptions = {},
): Promise<CustomResourceDefinition[]> {
  const crds = await readCrds(sources);
  // Polled every POLL_MS per CRD while they settle (seconds at most): no client-side rate limit.
  using client = new Client({ kubeConfig, qps: 0 });
  for (const crd of crds) await createOrReplace(client, crd, options.signal);
  const timeoutMs = options.timeoutMs ?? 30_000;
  return await Promise.all(crds.map((crd) => waitServed(client, crd, timeoutMs, options.signal)));
}

/** Core's manifest reader, its errors as `InvalidCrd`. */
function readDocuments(text: string, file: string) {
  try {
    return parseManifestDocuments(text, file);
  } catch (err) {
    const invalid = findReason(err, 'InvalidManifest');
    if (invalid) throw new TestEnvironmentError('InvalidCrd', invalid.message, { cause: err });
    throw err;
  }
}

async function manifestFiles(path: string): Promise<string[]> {
  let isDir: boolean;
  try {
    isDir = (await stat(path)).isDirectory();
  } catch (err) {
    throw new TestEnvironmentError('InvalidCrd', `CRD path ${path} cannot be read`, { cause: err });
  }
  if (!isDir) return [path];
  const names = (await readdir(path)).filter((n) => MANIFEST_EXTENSIONS.has(extname(n))).sort();
  return names.map((n) => join(path, n));
}

function checkCrd(doc: unknown, where: string): CustomResourceDefinition {
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) {
    throw new TestEnvironmentError('InvalidCrd', `${where} is not an object`);
  }
  const o = doc as Partial<CustomResourceDefinition>;
  if (o.apiVersion !== 'apiextensions.k8s.io/v1' || o.kind !== 'CustomResourceDefinition') {
    throw new TestEnvironmentError(
      'InvalidCrd',
      `${where} is ${String(o.apiVersion)} ${String(o.kind)}, expected an apiextensions.k8s.io/v1 CustomResourceDefinition`,
    );
  }
  if (!o.metadata?.name || !o.spec?.group || !o.spec.names?.plural || !o.spec.versions?.length) {
    throw new TestEnvironmentError(
      'InvalidCrd',
      `${where} lacks metadata.name, spec.group, spec.names.plural or spec.versions`,
    );
  }
  return o as CustomResourceDefinition;
}

async function createOrReplace(client: Client, crd: CustomResourceDefinition, signal?: AbortSignal): Promise<void> {
  const name = crd.metadata.name;
  try {
    await client.create(crd, { signal });
    return;
  } catch (err) {
    if (!isAlreadyExists(err)) throw refused(name, err, signal);
  }
  try {
    const current = await client.get(CRD_KIND, name, { signal });
    const metadata = { ...crd.metadata, resourceVersion: current.metadata?.resourceVersion };
    await client.update({ ...crd, metadata }, { signal });
  } catch (err) {
    throw refused(name, err, signal);
  }
}

/**
 * What a failed call means here: the server's error answer is `CrdNotEstablished` naming the CRD,
 * the caller's abort is `Aborted`; anything else (a connection that failed, a kubeconfig whose
 * credentials cannot be had) is the client's typed error, as it was thrown.
 */
function refused(name: string, err: unknown, signal: AbortSignal | undefined): unknown {
  if (signal?.aborted) {
    return new TestEnvironmentError('Aborted', `installing CRD ${name} was aborted`, { cause: signal.reason });
  }
  if (!isApiError(err)) return err;
  return new TestEnvironmentError('CrdNotEstablished', `the server refused CRD ${name} (${err.code}): ${err.message}`, {
    cause: err,
  });
}

async function waitServed(
  client: Client,
  crd: CustomResourceDefinition,
  timeoutMs: number,
  signal: AbortSignal | undefined,
): Promise<CustomResourceDefinition> {
  const name = crd.metadata.name;
  const version = crd.spec.versions.find((v) => v.served)?.name ?? '';
  // Declared with plural and scope, so the list goes to the resource without asking discovery.
  const served = defineKind({
    apiVersion: `${crd.spec.group}/${version}`,
    kind: crd.spec.names.kind,
    plural: crd.spec.names.plural,
    scope: crd.spec.scope,
  });
  const deadline = Date.now() + timeoutMs;
  let last = 'no status yet';
  for (;;) {
    throwIfAborted(signal, `waiting for CRD ${name}`);
    let current: CustomResourceDefinition;
    try {
      current = (await client.get(CRD_KIND, name, { signal })) as unknown as CustomResourceDefinition;
    } catch (err) {
      throw refused(name, err, signal);
    }
    const conditions = current.status?.conditions ?? [];
    const rejected = conditions.find((c) => c.type === 'NamesAccepted' && c.status === 'False');
    if (rejected) {
      throw new TestEnvironmentError('CrdNotEstablished', `CRD ${name}: names not accepted: ${rejected.message}`);
    }
    if (conditions.some((c) => c.type === 'Established' && c.status === 'True')) {
      try {
        await client.list(served, { limit: 1, signal });
        return current;
      } catch (err) {
        if (!isNotFound(err)) throw refused(name, err, signal);
      }
      last = 'Established, but its resource is not served yet';
    } else {
      last = conditions.map((c) => `${c.type}=${c.status}`).join(', ') || last;
    }
    if (Date.now() > deadline) {
      throw new TestEnvironmentError('Timeout', `CRD ${name} not established after ${timeoutMs} ms (${last})`);
    }
    await sleep(POLL_MS);
  }
}
