import { parseApiVersion } from '@kubekit/core';
import { fieldValueOf } from '@kubekit/core/internal';
import type { KindStrategy, ResourceType, ScaleSubresource } from '../engine/resourceRegistry.js';
import type { FakeObject } from '../engine/types.js';
import { configMapStrategy, secretStrategy } from './configData.js';
import { customResourceDefinitionStrategy } from './customResourceDefinition.js';
import { coreEventStrategy, eventsV1Strategy } from './events.js';
import { builtinFieldTypes, builtinMergeKeys, decodeBuiltin } from './kindSchemas.js';
import { namespaceStrategy } from './namespace.js';
import { endpointSliceStrategy, endpointsStrategy, ingressStrategy, networkPolicyStrategy } from './networking.js';
import { nodeStrategy } from './nodes.js';
import { persistentVolumeClaimStrategy, persistentVolumeStrategy, storageClassStrategy } from './persistentVolumes.js';
import { podStrategy } from './pod.js';
import {
  horizontalPodAutoscalerStrategy,
  limitRangeStrategy,
  podDisruptionBudgetStrategy,
  priorityClassStrategy,
} from './policies.js';
import { serviceStrategy } from './service.js';
import {
  controllerRevisionStrategy,
  cronJobStrategy,
  daemonSetStrategy,
  deploymentStrategy,
  jobStrategy,
  podTemplateStrategy,
  replicaSetStrategy,
  replicationControllerStrategy,
  statefulSetStrategy,
} from './workloads.js';

/**
 * The built-in kinds the in-memory API server serves, as data: one row per kind with what
 * kube-apiserver v1.37 says of it in discovery (group, version, plural, scope, short names,
 * categories, verbs, subresources) and the strategy of its writes (`kinds/<kind>.ts`).
 */

/** One row of the table. */
interface KindRow {
  /** `v1` or `<group>/<version>`. */
  gv: string;
  kind: string;
  plural: string;
  namespaced: boolean;
  shortNames?: string[];
  categories?: string[];
  /** Has a `/status` subresource. */
  status?: boolean;
  /** Has a `/scale` subresource. */
  scale?: boolean;
  /** Keeps `metadata.generation`. */
  generation?: boolean;
  fieldSelectors?: string[];
  /** How a refused field label is worded (kinds whose label conversion says otherwise: Jobs). */
  fieldLabelError?: (label: string) => string;
  /** Field labels whose value the kind derives instead of reading the field's path. */
  fieldValues?: Readonly<Record<string, (obj: FakeObject) => string>>;
  /** Discovery verbs when not all eight. */
  verbs?: string[];
  /** The `group/version/Kind` it is stored as, when another (discovery's storageVersionHash). */
  storedAs?: string;
  strategy?: KindStrategy;
}

const REPLICAS_SCALE: ScaleSubresource = {
  specReplicasPath: '.spec.replicas',
  statusReplicasPath: '.status.replicas',
  // Built-in kinds show their spec's selector (a LabelSelector) in the Scale's status.selector.
  labelSelectorPath: '.spec.selector',
};

const NO_DELETECOLLECTION = ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'];

/** A kind with a status subresource and nothing else special: `status: {}` at creation, status writes keep spec. */
const statusOnly = (extra: KindStrategy = {}): KindStrategy => ({
  prepareForCreate: (obj) => {
    obj.status = {};
  },
  statusResets: ['spec'],
  ...extra,
});

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

function rows(): KindRow[] {
  return [
    // core/v1
    {
      gv: 'v1',
      kind: 'ConfigMap',
      plural: 'configmaps',
      namespaced: true,
      shortNames: ['cm'],
      strategy: configMapStrategy,
    },
    {
      gv: 'v1',
      kind: 'Endpoints',
      plural: 'endpoints',
      namespaced: true,
      shortNames: ['ep'],
      strategy: endpointsStrategy,
    },
    {
      gv: 'v1',
      kind: 'Event',
      plural: 'events',
      namespaced: true,
      shortNames: ['ev'],
      fieldSelectors: EVENT_FIELDS,
      fieldValues: EVENT_FIELD_VALUES,
      strategy: coreEventStrategy,
    },
    {
      gv: 'v1',
      kind: 'LimitRange',
      plural: 'limitranges',
      namespaced: true,
      shortNames: ['limits'],
      strategy: limitRangeStrategy,
    },
    {
      gv: 'v1',
      kind: 'Namespace',
      plural: 'namespaces',
      namespaced: false,
      shortNames: ['ns'],
      status: true,
      fieldSelectors: ['status.phase'],
      verbs: NO_DELETECOLLECTION,
      strategy: namespaceStrategy,
    },
    {
      gv: 'v1',
      kind: 'Node',
      plural: 'nodes',
      namespaced: false,
      shortNames: ['no'],
      status: true,
      fieldSelectors: ['spec.unschedulable'],
      strategy: nodeStrategy,
    },
    {
      gv: 'v1',
      kind: 'PersistentVolumeClaim',
      plural: 'persistentvolumeclaims',
      namespaced: true,
      shortNames: ['pvc'],
      status: true,
      strategy: persistentVolumeClaimStrategy,
    },
    {
      gv: 'v1',
      kind: 'PersistentVolume',
      plural: 'persistentvolumes',
      namespaced: false,
      shortNames: ['pv'],
      status: true,
      strategy: persistentVolumeStrategy,
    },
    {
      gv: 'v1',
      kind: 'Pod',
      plural: 'pods',
      namespaced: true,
      shortNames: ['po'],
      categories: ['all'],
      status: true,
      generation: true,
      fieldSelectors: [
        'spec.nodeName',
        'spec.restartPolicy',
        'spec.schedulerName',
        'spec.serviceAccountName',
        'spec.hostNetwork',
        'status.phase',
        'status.podIP',
        'status.nominatedNodeName',
      ],
      fieldValues: POD_FIELD_VALUES,
      strategy: podStrategy,
    },
    {
      gv: 'v1',
      kind: 'PodTemplate',
      plural: 'podtemplates',
      namespaced: true,
      generation: true,
      strategy: podTemplateStrategy,
    },
    {
      gv: 'v1',
      kind: 'ReplicationController',
      plural: 'replicationcontrollers',
      namespaced: true,
      shortNames: ['rc'],
      categories: ['all'],
      status: true,
      scale: true,
      generation: true,
      fieldSelectors: ['status.replicas'],
      strategy: replicationControllerStrategy,
    },
    {
      gv: 'v1',
      kind: 'ResourceQuota',
      plural: 'resourcequotas',
      namespaced: true,
      shortNames: ['quota'],
      status: true,
      strategy: statusOnly({ returnsDeletedObject: true }),
    },
    {
      gv: 'v1',
      kind: 'Secret',
      plural: 'secrets',
      namespaced: true,
      fieldSelectors: ['type'],
      strategy: secretStrategy,
    },
    {
      gv: 'v1',
      kind: 'ServiceAccount',
      plural: 'serviceaccounts',
      namespaced: true,
      shortNames: ['sa'],
      strategy: { returnsDeletedObject: true },
    },
    {
      gv: 'v1',
      kind: 'Service',
      plural: 'services',
      namespaced: true,
      shortNames: ['svc'],
      categories: ['all'],
      status: true,
      fieldSelectors: ['spec.clusterIP', 'spec.type'],
      strategy: serviceStrategy(),
    },
    // apps/v1
    {
      gv: 'apps/v1',
      kind: 'DaemonSet',
      plural: 'daemonsets',
      namespaced: true,
      shortNames: ['ds'],
      categories: ['all'],
      status: true,
      generation: true,
      strategy: daemonSetStrategy,
    },
    {
      gv: 'apps/v1',
      kind: 'Deployment',
      plural: 'deployments',
      namespaced: true,
      shortNames: ['deploy'],
      categories: ['all'],
      status: true,
      scale: true,
      generation: true,
      strategy: deploymentStrategy,
    },
    {
      gv: 'apps/v1',
      kind: 'ReplicaSet',
      plural: 'replicasets',
      namespaced: true,
      shortNames: ['rs'],
      categories: ['all'],
      status: true,
      scale: true,
      generation: true,
      strategy: replicaSetStrategy,
    },
    {
      gv: 'apps/v1',
      kind: 'StatefulSet',
      plural: 'statefulsets',
      namespaced: true,
      shortNames: ['sts'],
      categories: ['all'],
      status: true,
      scale: true,
      generation: true,
      strategy: statefulSetStrategy,
    },
    {
      gv: 'apps/v1',
      kind: 'ControllerRevision',
      plural: 'controllerrevisions',
      namespaced: true,
      strategy: controllerRevisionStrategy,
    },
    // batch/v1
    {
      gv: 'batch/v1',
      kind: 'CronJob',
      plural: 'cronjobs',
      namespaced: true,
      shortNames: ['cj'],
      categories: ['all'],
      status: true,
      generation: true,
      strategy: cronJobStrategy,
    },
    {
      gv: 'batch/v1',
      kind: 'Job',
      plural: 'jobs',
      namespaced: true,
      categories: ['all'],
      status: true,
      generation: true,
      fieldSelectors: ['status.successful'],
      fieldLabelError: (label) => `field label ${JSON.stringify(label)} not supported for Job`,
      fieldValues: { 'status.successful': (o) => fieldValueOf(o, 'status.succeeded') || '0' },
      strategy: jobStrategy,
    },
    // autoscaling/v2
    {
      gv: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      plural: 'horizontalpodautoscalers',
      namespaced: true,
      shortNames: ['hpa'],
      categories: ['all'],
      status: true,
      generation: true,
      strategy: horizontalPodAutoscalerStrategy,
    },
    // coordination.k8s.io/v1
    { gv: 'coordination.k8s.io/v1', kind: 'Lease', plural: 'leases', namespaced: true },
    // discovery.k8s.io/v1
    {
      gv: 'discovery.k8s.io/v1',
      kind: 'EndpointSlice',
      plural: 'endpointslices',
      namespaced: true,
      generation: true,
      strategy: endpointSliceStrategy,
    },
    // events.k8s.io/v1
    {
      gv: 'events.k8s.io/v1',
      kind: 'Event',
      plural: 'events',
      namespaced: true,
      shortNames: ['ev'],
      fieldSelectors: [
        'reason',
        'type',
        'reportingController',
        'regarding.kind',
        'regarding.name',
        'regarding.namespace',
      ],
      storedAs: '/v1/Event',
      strategy: eventsV1Strategy,
    },
    // networking.k8s.io/v1
    {
      gv: 'networking.k8s.io/v1',
      kind: 'IngressClass',
      plural: 'ingressclasses',
      namespaced: false,
      generation: true,
    },
    {
      gv: 'networking.k8s.io/v1',
      kind: 'Ingress',
      plural: 'ingresses',
      namespaced: true,
      shortNames: ['ing'],
      status: true,
      generation: true,
      strategy: ingressStrategy,
    },
    {
      gv: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      plural: 'networkpolicies',
      namespaced: true,
      shortNames: ['netpol'],
      generation: true,
      strategy: networkPolicyStrategy,
    },
    // policy/v1
    {
      gv: 'policy/v1',
      kind: 'PodDisruptionBudget',
      plural: 'poddisruptionbudgets',
      namespaced: true,
      shortNames: ['pdb'],
      status: true,
      generation: true,
      strategy: podDisruptionBudgetStrategy,
    },
    // rbac.authorization.k8s.io/v1
    ...(['ClusterRoleBinding', 'ClusterRole', 'RoleBinding', 'Role'] as const).map(
      (kind): KindRow => ({
        gv: 'rbac.authorization.k8s.io/v1',
        kind,
        plural: `${kind.toLowerCase()}s`,
        namespaced: !kind.startsWith('Cluster'),
        strategy: { nameRule: 'pathSegment' },
      }),
    ),
    // scheduling.k8s.io/v1
    {
      gv: 'scheduling.k8s.io/v1',
      kind: 'PriorityClass',
      plural: 'priorityclasses',
      namespaced: false,
      shortNames: ['pc'],
      generation: true,
      strategy: priorityClassStrategy,
    },
    // storage.k8s.io/v1
    {
      gv: 'storage.k8s.io/v1',
      kind: 'StorageClass',
      plural: 'storageclasses',
      namespaced: false,
      shortNames: ['sc'],
      strategy: storageClassStrategy,
    },
    // apiextensions.k8s.io/v1
    {
      gv: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      plural: 'customresourcedefinitions',
      namespaced: false,
      shortNames: ['crd', 'crds'],
      categories: ['api-extensions'],
      status: true,
      generation: true,
      storedAs: 'apiextensions.k8s.io/v1beta1/CustomResourceDefinition',
      strategy: customResourceDefinitionStrategy,
    },
  ];
}

function toResourceType(row: KindRow): ResourceType {
  const { group, version } = parseApiVersion(row.gv);
  const crd = row.kind === 'CustomResourceDefinition';
  return {
    group,
    versions: [version],
    storageVersion: version,
    kind: row.kind,
    listKind: `${row.kind}List`,
    plural: row.plural,
    singular: row.kind.toLowerCase(),
    namespaced: row.namespaced,
    ...(row.shortNames ? { shortNames: row.shortNames } : {}),
    ...(row.categories ? { categories: row.categories } : {}),
    status: row.status === true,
    ...(row.scale ? { scale: REPLICAS_SCALE } : {}),
    generation: row.generation === true,
    requireResourceVersion: false,
    strategicMerge: !crd,
    listItemsTypeMeta: false,
    ...(row.fieldSelectors ? { fieldSelectors: row.fieldSelectors } : {}),
    ...(row.fieldLabelError ? { fieldLabelError: row.fieldLabelError } : {}),
    ...(row.fieldValues ? { fieldValues: row.fieldValues } : {}),
    ...(row.verbs ? { verbs: row.verbs } : {}),
    ...(row.storedAs ? { storedAs: row.storedAs } : {}),
    ...(row.strategy ? { strategy: row.strategy } : {}),
    fieldTypes: builtinFieldTypes(row.gv, row.kind),
    decode: (obj) => decodeBuiltin(row.gv, row.kind, obj).unknownFields,
    mergeKeys: builtinMergeKeys(row.gv, row.kind),
  };
}

/**
 * The built-in kinds the in-memory API server serves: group, version, kind, plural, scope, short
 * names, categories, subresources and write strategy, as kube-apiserver serves them. Each call
 * gives fresh strategies (a Service's address allocator is per storage).
 */
export function builtinResourceTypes(): ResourceType[] {
  return rows().map(toResourceType);
}
