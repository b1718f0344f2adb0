import { type CustomResourceDefinition, findReason, formatManifests, parseManifests } from '@kubekit/core';
import { CrdError } from './errors.js';

/**
 * The CRDs among a module's exports: every export that is a custom resource descriptor (or a
 * multi-version `defineCustomResource` result), each CRD once, in the order of the export names (a
 * module namespace object lists its exports by name).
 */
export function collectCrds(exports: Record<string, unknown>): CustomResourceDefinition[] {
  const byName = new Map<string, CustomResourceDefinition>();
  for (const value of Object.values(exports)) {
    const crd = (value as { crd?: unknown } | null)?.crd as CustomResourceDefinition | undefined;
    if (crd?.kind === 'CustomResourceDefinition' && !byName.has(crd.metadata.name)) byName.set(crd.metadata.name, crd);
  }
  return [...byName.values()];
}

/** CRDs as one multi-document YAML stream, in the given order. */
export function crdsToYaml(crds: readonly CustomResourceDefinition[]): string {
  return formatManifests(crds);
}

/**
 * The CRDs of a YAML or JSON text (one or more documents, lists unpacked), read by core's
 * `parseManifests`; empty documents and other kinds are skipped (a manifest bundle may hold both).
 * @throws CrdError `InvalidCrd` when the text does not parse, naming the document (`cause`: core's
 *   `InvalidManifestError`).
 */
export function parseCrds(text: string, source = 'input'): CustomResourceDefinition[] {
  let objects: ReturnType<typeof parseManifests>;
  try {
    objects = parseManifests(text, source);
  } catch (err) {
    const invalid = findReason(err, 'InvalidManifest');
    if (invalid) throw new CrdError('InvalidCrd', invalid.message, { cause: err });
    throw err;
  }
  return objects.filter((o): o is CustomResourceDefinition & typeof o => o.kind === 'CustomResourceDefinition');
}
