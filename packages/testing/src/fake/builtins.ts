import { fieldValueOf } from '@kubekit/client';
import type { StatusCause } from './engine/apiError.js';
import type { ResourceType } from './engine/resourceRegistry.js';
import type { FakeObject } from './engine/types.js';

const POD_FIELDS = [
  'spec.nodeName',
  'spec.restartPolicy',
  'spec.schedulerName',
  'spec.serviceAccountName',
  'spec.hostNetwork',
  'status.phase',
  'status.podIP',
  'status.nominatedNodeName',
];
const EVENT_FIELDS = [
  'involvedObject.kind',
  'involvedObject.namespace',
  'involvedObject.name',
  'involvedObject.uid',
  'involvedObject.apiVersion',
  'involvedObject.resourceVersion',
  'involvedObject.fieldPath',
  'reason',
  'reportingComponent',
  'source',
  'type',
];

/** Pod field labels the server derives: `spec.hostNetwork` is `false` when unset, `status.podIP` the first of `status.podIPs`. */
const POD_FIELD_VALUES: Record<string, (o: FakeObject) => string> = {
  'spec.hostNetwork': (o) => fieldValueOf(o, 'spec.hostNetwork') || 'false',
  'status.podIP': (o) => {
    const ips = (o.status as { podIPs?: Array<{ ip?: string }> } | undefined)?.podIPs;
    return ips?.[0]?.ip ?? fieldValueOf(o, 'status.podIP');
  },
};

/** Event field labels the server derives: `source` is the source component, else the reporting controller. */
const EVENT_FIELD_VALUES: Record<string, (o: FakeObject) => string> = {
  source: (o) => fieldValueOf(o, 'source.component') || fieldValueOf(o, 'reportingComponent'),
};

function builtin(
  group: string,
  version: string,
  kind: string,
  plural: string,
  namespaced: boolean,
  extra: Partial<ResourceType> = {},
): ResourceType {
  return {
    group,
    versions: [version],
    storageVersion: version,
    kind,
    listKind: `${kind}List`,
    plural,
    singular: kind.toLowerCase(),
    namespaced,
    status: false,
    generation: false,
    requireResourceVersion: false,
    strategicMerge: true,
    listItemsTypeMeta: false,
    ...extra,
  };
}

function defaultStatus(status: Record<string, unknown>) {
  return (obj: FakeObject): StatusCause[] => {
    obj.status = { ...status, ...(obj.status as object | undefined) };
    return [];
  };
}

function validateCrd(obj: FakeObject): StatusCause[] {
  const spec = obj.spec as
    | { group?: string; names?: { plural?: string; kind?: string }; versions?: unknown[] }
    | undefined;
  const name = obj.metadata?.name ?? '';
  const causes: StatusCause[] = [];
  if (!spec?.group) causes.push({ reason: 'FieldValueRequired', message: 'Required value', field: 'spec.group' });
  if (!spec?.names?.plural)
    causes.push({ reason: 'FieldValueRequired', message: 'Required value', field: 'spec.names.plural' });
  if (!spec?.names?.kind)
    causes.push({ reason: 'FieldValueRequired', message: 'Required value', field: 'spec.names.kind' });
  if (!Array.isArray(spec?.versions) || spec.versions.length === 0) {
    causes.push({
      reason: 'FieldValueInvalid',
      message: 'Invalid value: null: must have exactly one version marked as storage version',
      field: 'spec.versions',
    });
  }
  if (spec?.group && spec.names?.plural && name !== `${spec.names.plural}.${spec.group}`) {
    causes.push({
      reason: 'FieldValueInvalid',
      message: `Invalid value: ${JSON.stringify(name)}: must be spec.names.plural+"."+spec.group`,
      field: 'metadata.name',
    });
  }
  return causes;
}

/**
 * The built-in kinds the in-memory API server serves: group, version, kind, plural, scope and
 * subresources, as kube-apiserver serves them.
 */
export function builtinResourceTypes(): ResourceType[] {
  const workload = { status: true, generation: true };
  const scale = {
    specReplicasPath: '.spec.replicas',
    statusReplicasPath: '.status.replicas',
    labelSelectorPath: '.status.selector',
  };
  return [
    builtin('', 'v1', 'Namespace', 'namespaces', false, {
      status: true,
      shortNames: ['ns'],
      fieldSelectors: ['status.phase'],
      specFinalizers: true,
      admit: (obj) => {
        const spec = (obj.spec ?? {}) as { finalizers?: string[] };
        obj.spec = { ...spec, finalizers: spec.finalizers ?? ['kubernetes'] };
        return defaultStatus({ phase: 'Active' })(obj);
      },
      onDeleting: (obj) => {
        obj.status = { ...(obj.status as object | undefined), phase: 'Terminating' };
      },
    }),
    builtin('', 'v1', 'ConfigMap', 'configmaps', true, { shortNames: ['cm'] }),
    builtin('', 'v1', 'Secret', 'secrets', true, { fieldSelectors: ['type'] }),
    builtin('', 'v1', 'ServiceAccount', 'serviceaccounts', true, { shortNames: ['sa'] }),
    builtin('', 'v1', 'Service', 'services', true, {
      status: true,
      shortNames: ['svc'],
      fieldSelectors: ['spec.clusterIP', 'spec.type'],
    }),
    builtin('', 'v1', 'Pod', 'pods', true, {
      status: true,
      shortNames: ['po'],
      categories: ['all'],
      fieldSelectors: POD_FIELDS,
      fieldValues: POD_FIELD_VALUES,
      admit: defaultStatus({ phase: 'Pending' }),
    }),
    builtin('', 'v1', 'Event', 'events', true, {
      shortNames: ['ev'],
      fieldSelectors: EVENT_FIELDS,
      fieldValues: EVENT_FIELD_VALUES,
    }),
    builtin('events.k8s.io', 'v1', 'Event', 'events', true, {
      shortNames: ['ev'],
      fieldSelectors: [
        'reason',
        'type',
        'reportingController',
        'regarding.kind',
        'regarding.name',
        'regarding.namespace',
      ],
    }),
    builtin('coordination.k8s.io', 'v1', 'Lease', 'leases', true),
    builtin('apps', 'v1', 'Deployment', 'deployments', true, {
      ...workload,
      scale,
      shortNames: ['deploy'],
      categories: ['all'],
    }),
    builtin('apps', 'v1', 'ReplicaSet', 'replicasets', true, {
      ...workload,
      scale,
      shortNames: ['rs'],
      categories: ['all'],
    }),
    builtin('apps', 'v1', 'StatefulSet', 'statefulsets', true, {
      ...workload,
      scale,
      shortNames: ['sts'],
      categories: ['all'],
    }),
    builtin('batch', 'v1', 'Job', 'jobs', true, {
      ...workload,
      categories: ['all'],
      fieldSelectors: ['status.successful'],
      fieldLabelError: (label) => `field label ${JSON.stringify(label)} not supported for Job`,
      fieldValues: { 'status.successful': (o) => fieldValueOf(o, 'status.succeeded') || '0' },
    }),
    builtin('apiextensions.k8s.io', 'v1', 'CustomResourceDefinition', 'customresourcedefinitions', false, {
      status: true,
      generation: true,
      shortNames: ['crd', 'crds'],
      strategicMerge: false,
      admit: validateCrd,
    }),
  ];
}
