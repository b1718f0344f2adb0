import { parseAllDocuments, stringify } from 'yaml';
import { CrdError } from './errors.js';
import type { CustomResourceDefinition } from './jsonSchemaProps.js';

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
  return crds.map((crd) => `---\n${stringify(crd, { lineWidth: 0 })}`).join('');
}

/**
 * The CRDs of a YAML or JSON text (one or more documents); empty documents and other kinds are
 * skipped (a manifest bundle may hold both).
 * @throws CrdError `InvalidCrd` when the text does not parse, naming the document.
 */
export function parseCrds(text: string, source = 'input'): CustomResourceDefinition[] {
  const crds: CustomResourceDefinition[] = [];
  parseAllDocuments(text).forEach((doc, i) => {
    if (doc.errors.length > 0) {
      throw new CrdError('InvalidCrd', `cannot parse ${source} (document ${i + 1}): ${doc.errors[0]?.message}`);
    }
    const value = doc.toJS() as { kind?: unknown; items?: unknown[] } | null;
    const candidates =
      value?.kind === 'List' || value?.kind === 'CustomResourceDefinitionList' ? (value.items ?? []) : [value];
    for (const c of candidates) {
      if ((c as { kind?: unknown } | null)?.kind === 'CustomResourceDefinition')
        crds.push(c as CustomResourceDefinition);
    }
  });
  return crds;
}
