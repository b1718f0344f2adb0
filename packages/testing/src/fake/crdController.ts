import type { PrinterColumn } from '@kubekit/core';
import type { StatusCause } from './engine/apiError.js';
import type { ResourceType } from './engine/resourceRegistry.js';
import type { FakeStorage } from './engine/storage.js';
import type { FakeObject, StoredObject } from './engine/types.js';
import { defaultAndPrune, type StructuralSchema, validateSchema } from './engine/validation.js';
import { schemaFieldTypes } from './kinds/kindSchemas.js';

interface CrdVersion {
  name: string;
  served?: boolean;
  storage?: boolean;
  schema?: { openAPIV3Schema?: StructuralSchema };
  subresources?: {
    status?: object;
    scale?: { specReplicasPath: string; statusReplicasPath: string; labelSelectorPath?: string };
  };
  selectableFields?: Array<{ jsonPath: string }>;
  additionalPrinterColumns?: PrinterColumn[];
}

interface CrdSpec {
  group: string;
  scope: 'Namespaced' | 'Cluster';
  names: {
    plural: string;
    singular?: string;
    kind: string;
    listKind?: string;
    shortNames?: string[];
    categories?: string[];
  };
  versions: CrdVersion[];
}

const CRD_GVR = { group: 'apiextensions.k8s.io', version: 'v1', resource: 'customresourcedefinitions' };
const CRD_TYPE_KEY = 'apiextensions.k8s.io/customresourcedefinitions';

const KUBE_VERSION = /^v(\d+)(?:(alpha|beta)(\d+))?$/;

/**
 * The order kube-apiserver gives a CRD's versions in discovery (the first is the preferred one):
 * GA before beta before alpha, higher numbers first; versions not shaped like `v1beta2` last, by name.
 */
function byVersionPriority(a: string, b: string): number {
  const rank = (v: string): [number, number, number] | undefined => {
    const m = KUBE_VERSION.exec(v);
    if (!m) return undefined;
    const level = m[2] === undefined ? 2 : m[2] === 'beta' ? 1 : 0;
    return [level, Number(m[1]), Number(m[3] ?? 0)];
  };
  const ra = rank(a);
  const rb = rank(b);
  if (!ra || !rb) return ra ? -1 : rb ? 1 : a.localeCompare(b);
  return rb[0] - ra[0] || rb[1] - ra[1] || rb[2] - ra[2];
}

/** The kind a CRD serves, with its schemas for defaulting, pruning and validation. */
export function resourceTypeFromCrd(crd: FakeObject): ResourceType {
  const spec = crd.spec as CrdSpec;
  const served = spec.versions.filter((v) => v.served !== false);
  const storage = spec.versions.find((v) => v.storage) ?? spec.versions[0];
  const byName = new Map(spec.versions.map((v) => [v.name, v]));
  const any = storage ?? served[0];
  return {
    group: spec.group,
    versions: served.map((v) => v.name).sort(byVersionPriority),
    storageVersion: storage?.name ?? '',
    kind: spec.names.kind,
    listKind: spec.names.listKind ?? `${spec.names.kind}List`,
    plural: spec.names.plural,
    singular: spec.names.singular ?? spec.names.kind.toLowerCase(),
    namespaced: spec.scope !== 'Cluster',
    ...(spec.names.shortNames ? { shortNames: spec.names.shortNames } : {}),
    ...(spec.names.categories ? { categories: spec.names.categories } : {}),
    status: any?.subresources?.status !== undefined,
    ...(any?.subresources?.scale ? { scale: any.subresources.scale } : {}),
    generation: true,
    requireResourceVersion: true,
    strategicMerge: false,
    listItemsTypeMeta: true,
    fieldSelectors: (any?.selectableFields ?? []).map((f) => f.jsonPath.replace(/^\./, '')),
    crdName: crd.metadata?.name ?? '',
    printerColumns: Object.fromEntries(
      served.filter((v) => v.additionalPrinterColumns?.length).map((v) => [v.name, v.additionalPrinterColumns ?? []]),
    ),
    fieldTypes: schemaFieldTypes(any ? byName.get(any.name)?.schema?.openAPIV3Schema : undefined),
    strategy: {
      applyDefaults: (obj, version) => {
        const schema = byName.get(version)?.schema?.openAPIV3Schema;
        if (schema) defaultAndPrune(obj, schema);
      },
      validate: (obj, _old, version): StatusCause[] => {
        const schema = byName.get(version)?.schema?.openAPIV3Schema;
        return schema ? validateSchema(obj, schema) : [];
      },
    },
  };
}

/**
 * Serves the kinds of CustomResourceDefinitions: when a CRD is written, its kind is (re)registered
 * and the CRD gets `NamesAccepted` and `Established` conditions; when it is deleted, its kind and
 * objects go. Returns the function that stops it.
 */
export function startCrdController(storage: FakeStorage, now: () => number): () => void {
  return storage.onWrite((type, entry) => {
    if (`${type.group}/${type.plural}` !== CRD_TYPE_KEY) return;
    const crd = entry.object;
    if (entry.type === 'DELETED') {
      const spec = crd.spec as CrdSpec;
      const served = storage.registry.find({
        group: spec.group,
        version: spec.versions[0]?.name ?? '',
        resource: spec.names.plural,
      });
      if (served) storage.dropTable(served);
      storage.registry.remove(spec.group, spec.names.plural);
      return;
    }
    if (crd.metadata.deletionTimestamp) return;
    storage.registry.add(resourceTypeFromCrd(crd));
    markEstablished(storage, crd, now);
  });
}

function markEstablished(storage: FakeStorage, crd: StoredObject, now: () => number): void {
  const status = (crd.status ?? {}) as { conditions?: Array<{ type: string; status: string }> };
  const established = status.conditions?.some((c) => c.type === 'Established' && c.status === 'True');
  if (established) return;
  const time = new Date(now()).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const spec = crd.spec as CrdSpec;
  const condition = (type: string, reason: string, message: string) => ({
    type,
    status: 'True',
    lastTransitionTime: time,
    reason,
    message,
  });
  const next = {
    ...crd,
    status: {
      conditions: [
        condition('NamesAccepted', 'NoConflicts', 'no conflicts found'),
        condition('Established', 'InitialNamesAccepted', 'the initial names have been accepted'),
      ],
      acceptedNames: {
        ...spec.names,
        listKind: spec.names.listKind ?? `${spec.names.kind}List`,
        singular: spec.names.singular ?? spec.names.kind.toLowerCase(),
      },
      storedVersions: spec.versions.filter((v) => v.storage).map((v) => v.name),
    },
  };
  storage.update(CRD_GVR, undefined, crd.metadata.name, next, { subresource: 'status' });
}
