import type { KubeObject } from '@kubekit/core';
import { defineKind, type Scope } from '@kubekit/core';
import type {
  CoreV1Event,
  EventsV1Event,
  V1ClusterRole,
  V1ClusterRoleBinding,
  V1ConfigMap,
  V1CronJob,
  V1CustomResourceDefinition,
  V1DaemonSet,
  V1Deployment,
  V1EndpointSlice,
  V1Ingress,
  V1Job,
  V1Lease,
  V1MutatingWebhookConfiguration,
  V1Namespace,
  V1NetworkPolicy,
  V1Node,
  V1PersistentVolume,
  V1PersistentVolumeClaim,
  V1Pod,
  V1PodDisruptionBudget,
  V1ReplicaSet,
  V1Role,
  V1RoleBinding,
  V1Secret,
  V1Service,
  V1ServiceAccount,
  V1StatefulSet,
  V1StorageClass,
  V1ValidatingWebhookConfiguration,
  V2HorizontalPodAutoscaler,
} from '@kubernetes/client-node';

const ns = <T extends KubeObject>(apiVersion: string, kind: string, plural: string, scope: Scope = 'Namespaced') =>
  defineKind<T>({ apiVersion, kind, plural, scope });

/**
 * Descriptors of the common built-in kinds, typed with `@kubernetes/client-node`'s model interfaces
 * (the objects are plain JSON; only the types come from client-node). Plurals and scopes are the
 * ones Kubernetes serves, so these kinds map without a discovery request.
 */
export const builtinKinds = Object.freeze({
  /** `v1` Pod: one or more containers scheduled together on a node. */
  Pod: ns<V1Pod>('v1', 'Pod', 'pods'),
  /** `v1` Service: a stable address in front of a set of Pods. */
  Service: ns<V1Service>('v1', 'Service', 'services'),
  /** `v1` ConfigMap: configuration as string (and binary) values. */
  ConfigMap: ns<V1ConfigMap>('v1', 'ConfigMap', 'configmaps'),
  /** `v1` Secret: confidential values, base64-encoded in `data`. */
  Secret: ns<V1Secret>('v1', 'Secret', 'secrets'),
  /** `v1` ServiceAccount: an identity for processes in Pods. */
  ServiceAccount: ns<V1ServiceAccount>('v1', 'ServiceAccount', 'serviceaccounts'),
  /** `v1` PersistentVolumeClaim: a request for storage. */
  PersistentVolumeClaim: ns<V1PersistentVolumeClaim>('v1', 'PersistentVolumeClaim', 'persistentvolumeclaims'),
  /** `v1` Event (core): what kubectl describe shows; see `EventsV1Event` for `events.k8s.io/v1`. */
  Event: ns<CoreV1Event>('v1', 'Event', 'events'),
  /** `v1` Namespace (cluster-scoped). */
  Namespace: ns<V1Namespace>('v1', 'Namespace', 'namespaces', 'Cluster'),
  /** `v1` Node (cluster-scoped): a machine Pods run on. */
  Node: ns<V1Node>('v1', 'Node', 'nodes', 'Cluster'),
  /** `v1` PersistentVolume (cluster-scoped): a piece of storage. */
  PersistentVolume: ns<V1PersistentVolume>('v1', 'PersistentVolume', 'persistentvolumes', 'Cluster'),
  /** `apps/v1` Deployment: replicated Pods rolled out through ReplicaSets. */
  Deployment: ns<V1Deployment>('apps/v1', 'Deployment', 'deployments'),
  /** `apps/v1` StatefulSet: replicated Pods with stable names and storage. */
  StatefulSet: ns<V1StatefulSet>('apps/v1', 'StatefulSet', 'statefulsets'),
  /** `apps/v1` DaemonSet: one Pod per (matching) node. */
  DaemonSet: ns<V1DaemonSet>('apps/v1', 'DaemonSet', 'daemonsets'),
  /** `apps/v1` ReplicaSet: a number of identical Pods. */
  ReplicaSet: ns<V1ReplicaSet>('apps/v1', 'ReplicaSet', 'replicasets'),
  /** `batch/v1` Job: Pods that run to completion. */
  Job: ns<V1Job>('batch/v1', 'Job', 'jobs'),
  /** `batch/v1` CronJob: Jobs on a schedule. */
  CronJob: ns<V1CronJob>('batch/v1', 'CronJob', 'cronjobs'),
  /** `autoscaling/v2` HorizontalPodAutoscaler: scales a workload by metrics. */
  HorizontalPodAutoscaler: ns<V2HorizontalPodAutoscaler>(
    'autoscaling/v2',
    'HorizontalPodAutoscaler',
    'horizontalpodautoscalers',
  ),
  /** `policy/v1` PodDisruptionBudget: how many Pods voluntary disruptions may take down. */
  PodDisruptionBudget: ns<V1PodDisruptionBudget>('policy/v1', 'PodDisruptionBudget', 'poddisruptionbudgets'),
  /** `networking.k8s.io/v1` Ingress: HTTP routes into Services. */
  Ingress: ns<V1Ingress>('networking.k8s.io/v1', 'Ingress', 'ingresses'),
  /** `networking.k8s.io/v1` NetworkPolicy: which traffic Pods accept and send. */
  NetworkPolicy: ns<V1NetworkPolicy>('networking.k8s.io/v1', 'NetworkPolicy', 'networkpolicies'),
  /** `discovery.k8s.io/v1` EndpointSlice: a Service's endpoints. */
  EndpointSlice: ns<V1EndpointSlice>('discovery.k8s.io/v1', 'EndpointSlice', 'endpointslices'),
  /** `events.k8s.io/v1` Event: what the manager's EventRecorder writes. */
  EventsV1Event: ns<EventsV1Event>('events.k8s.io/v1', 'Event', 'events'),
  /** `coordination.k8s.io/v1` Lease: what leader election holds. */
  Lease: ns<V1Lease>('coordination.k8s.io/v1', 'Lease', 'leases'),
  /** `rbac.authorization.k8s.io/v1` Role: permissions in one namespace. */
  Role: ns<V1Role>('rbac.authorization.k8s.io/v1', 'Role', 'roles'),
  /** `rbac.authorization.k8s.io/v1` RoleBinding: grants a Role or ClusterRole in one namespace. */
  RoleBinding: ns<V1RoleBinding>('rbac.authorization.k8s.io/v1', 'RoleBinding', 'rolebindings'),
  /** `rbac.authorization.k8s.io/v1` ClusterRole (cluster-scoped): permissions, cluster-wide. */
  ClusterRole: ns<V1ClusterRole>('rbac.authorization.k8s.io/v1', 'ClusterRole', 'clusterroles', 'Cluster'),
  /** `rbac.authorization.k8s.io/v1` ClusterRoleBinding (cluster-scoped): a ClusterRole, everywhere. */
  ClusterRoleBinding: ns<V1ClusterRoleBinding>(
    'rbac.authorization.k8s.io/v1',
    'ClusterRoleBinding',
    'clusterrolebindings',
    'Cluster',
  ),
  /** `storage.k8s.io/v1` StorageClass (cluster-scoped): how volumes are provisioned. */
  StorageClass: ns<V1StorageClass>('storage.k8s.io/v1', 'StorageClass', 'storageclasses', 'Cluster'),
  /** `apiextensions.k8s.io/v1` CustomResourceDefinition (cluster-scoped). */
  CustomResourceDefinition: ns<V1CustomResourceDefinition>(
    'apiextensions.k8s.io/v1',
    'CustomResourceDefinition',
    'customresourcedefinitions',
    'Cluster',
  ),
  /** `admissionregistration.k8s.io/v1` ValidatingWebhookConfiguration (cluster-scoped). */
  ValidatingWebhookConfiguration: ns<V1ValidatingWebhookConfiguration>(
    'admissionregistration.k8s.io/v1',
    'ValidatingWebhookConfiguration',
    'validatingwebhookconfigurations',
    'Cluster',
  ),
  /** `admissionregistration.k8s.io/v1` MutatingWebhookConfiguration (cluster-scoped). */
  MutatingWebhookConfiguration: ns<V1MutatingWebhookConfiguration>(
    'admissionregistration.k8s.io/v1',
    'MutatingWebhookConfiguration',
    'mutatingwebhookconfigurations',
    'Cluster',
  ),
});
