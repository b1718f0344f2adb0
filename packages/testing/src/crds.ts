import { readdir, readFile, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { type CustomResourceDefinition, isInvalidManifest, parseManifestDocuments } from '@kubekit/core';
import type { KubeConfig } from '@kubernetes/client-node';
import { TestEnvironmentError, throwIfAborted } from './errors.js';
import { requestJson } from './http.js';

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
const CRD_PATH = '/apis/apiextensions.k8s.io/v1/customresourcedefinitions';
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
 * its resource. Returns the CRDs as the server stored them.
 */
export async function installCrds(
  kubeConfig: KubeConfig,
  sources: readonly CrdSource[],
  options: InstallCrdsOptions = {},
): Promise<CustomResourceDefinition[]> {
  const crds = await readCrds(sources);
  for (const crd of crds) await createOrReplace(kubeConfig, crd, options.signal);
  const timeoutMs = options.timeoutMs ?? 30_000;
  return Promise.all(crds.map((crd) => waitServed(kubeConfig, crd, timeoutMs, options.signal)));
}

/** Core's manifest reader, its errors as `InvalidCrd`. */
function readDocuments(text: string, file: string) {
  try {
    return parseManifestDocuments(text, file);
  } catch (err) {
    if (isInvalidManifest(err)) throw new TestEnvironmentError('InvalidCrd', err.message, { cause: err });
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

async function createOrReplace(kc: KubeConfig, crd: CustomResourceDefinition, signal?: AbortSignal): Promise<void> {
  const name = crd.metadata.name;
  const created = await requestJson(kc, 'POST', CRD_PATH, crd, signal);
  if (created.status === 201 || created.status === 200) return;
  if (created.status !== 409) throw refused(name, created.status, created.body);
  const current = await requestJson(kc, 'GET', `${CRD_PATH}/${name}`, undefined, signal);
  const resourceVersion = (current.body as CustomResourceDefinition | undefined)?.metadata?.resourceVersion;
  const body = { ...crd, metadata: { ...crd.metadata, resourceVersion } };
  const replaced = await requestJson(kc, 'PUT', `${CRD_PATH}/${name}`, body, signal);
  if (replaced.status !== 200) throw refused(name, replaced.status, replaced.body);
}

function refused(name: string, status: number, body: unknown): TestEnvironmentError {
  const message = (body as { message?: string } | undefined)?.message ?? JSON.stringify(body);
  return new TestEnvironmentError('CrdNotEstablished', `the server refused CRD ${name} (${status}): ${message}`);
}

async function waitServed(
  kc: KubeConfig,
  crd: CustomResourceDefinition,
  timeoutMs: number,
  signal: AbortSignal | undefined,
): Promise<CustomResourceDefinition> {
  const name = crd.metadata.name;
  const version = crd.spec.versions.find((v) => v.served)?.name ?? '';
  const listPath = `/apis/${crd.spec.group}/${version}/${crd.spec.names.plural}?limit=1`;
  const deadline = Date.now() + timeoutMs;
  let last = 'no status yet';
  for (;;) {
    throwIfAborted(signal, `waiting for CRD ${name}`);
    const res = await requestJson(kc, 'GET', `${CRD_PATH}/${name}`, undefined, signal);
    if (res.status !== 200) throw refused(name, res.status, res.body);
    const current = res.body as CustomResourceDefinition;
    const conditions = current.status?.conditions ?? [];
    const rejected = conditions.find((c) => c.type === 'NamesAccepted' && c.status === 'False');
    if (rejected) {
      throw new TestEnvironmentError('CrdNotEstablished', `CRD ${name}: names not accepted: ${rejected.message}`);
    }
    if (conditions.some((c) => c.type === 'Established' && c.status === 'True')) {
      const list = await requestJson(kc, 'GET', listPath, undefined, signal);
      if (list.status === 200) return current;
      if (list.status !== 404) throw refused(name, list.status, list.body);
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
