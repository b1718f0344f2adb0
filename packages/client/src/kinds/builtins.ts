import type {
  ClusterRole,
  ClusterRoleBinding,
  ConfigMap,
  CoreV1Event,
  CronJob,
  CustomResourceDefinition,
  DaemonSet,
  Deployment,
  EndpointSlice,
  EventsV1Event,
  HorizontalPodAutoscaler,
  Ingress,
  Job,
  KubeObject,
  Lease,
  MutatingWebhookConfiguration,
  Namespace,
  NetworkPolicy,
  Node,
  PersistentVolume,
  PersistentVolumeClaim,
  Pod,
  PodDisruptionBudget,
  ReplicaSet,
  Role,
  RoleBinding,
  Secret,
  Service,
  ServiceAccount,
  StatefulSet,
  StorageClass,
  ValidatingWebhookConfiguration,
} from '@kubekit/core';
import { defineKind, type Scope } from '@kubekit/core';

const ns = <T extends KubeObject>(apiVersion: string, kind: string, plural: string, scope: Scope = 'Namespaced') =>
  defineKind<T>({ apiVersion, kind, plural, scope });

/**
 * Descriptors of the common built-in kinds, typed with the plain-JSON types of `@kubekit/core`
 * (generated from kube-apiserver's OpenAPI: timestamps are strings, as on the wire). Plurals and
 * scopes are the ones Kubernetes serves, so these kinds map without a discovery request.
 */
export const builtinKinds = Object.freeze({
  /** `v1` Pod: one or more containers scheduled together on a node. */
  Pod: ns<Pod>('v1', 'Pod', 'pods'),
  /** `v1` Service: a stable address in front of a set of Pods. */
  Service: ns<Service>('v1', 'Service', 'services'),
  /** `v1` ConfigMap: configuration as string (and binary) values. */
  ConfigMap: ns<ConfigMap>('v1', 'ConfigMap', 'configmaps'),
  /** `v1` Secret: confidential values, base64-encoded in `data`. */
  Secret: ns<Secret>('v1', 'Secret', 'secrets'),
  /** `v1` ServiceAccount: an identity for processes in Pods. */
  ServiceAccount: ns<ServiceAccount>('v1', 'ServiceAccount', 'serviceaccounts'),
  /** `v1` PersistentVolumeClaim: a request for storage. */
  PersistentVolumeClaim: ns<PersistentVolumeClaim>('v1', 'PersistentVolumeClaim', 'persistentvolumeclaims'),
  /** `v1` Event (core): what kubectl describe shows; see `EventsV1Event` for `events.k8s.io/v1`. */
  Event: ns<CoreV1Event>('v1', 'Event', 'events'),
  /** `v1` Namespace (cluster-scoped). */
  Namespace: ns<Namespace>('v1', 'Namespace', 'namespaces', 'Cluster'),
  /** `v1` Node (cluster-scoped): a machine Pods run on. */
  Node: ns<Node>('v1', 'Node', 'nodes', 'Cluster'),
  /** `v1` PersistentVolume (cluster-scoped): a piece of storage. */
  PersistentVolume: ns<PersistentVolume>('v1', 'PersistentVolume', 'persistentvolumes', 'Cluster'),
  /** `apps/v1` Deployment: replicated Pods rolled out through ReplicaSets. */
  Deployment: ns<Deployment>('apps/v1', 'Deployment', 'deployments'),
  /** `apps/v1` StatefulSet: replicated Pods with stable names and storage. */
  StatefulSet: ns<StatefulSet>('apps/v1', 'StatefulSet', 'statefulsets'),
  /** `apps/v1` DaemonSet: one Pod per (matching) node. */
  DaemonSet: ns<DaemonSet>('apps/v1', 'DaemonSet', 'daemonsets'),
  /** `apps/v1` ReplicaSet: a number of identical Pods. */
  ReplicaSet: ns<ReplicaSet>('apps/v1', 'ReplicaSet', 'replicasets'),
  /** `batch/v1` Job: Pods that run to completion. */
  Job: ns<Job>('batch/v1', 'Job', 'jobs'),
  /** `batch/v1` CronJob: Jobs on a schedule. */
  CronJob: ns<CronJob>('batch/v1', 'CronJob', 'cronjobs'),
  /** `autoscaling/v2` HorizontalPodAutoscaler: scales a workload by metrics. */
  HorizontalPodAutoscaler: ns<HorizontalPodAutoscaler>(
    'autoscaling/v2',
    'HorizontalPodAutoscaler',
    'horizontalpodautoscalers',
  ),
  /** `policy/v1` PodDisruptionBudget: how many Pods voluntary disruptions may take down. */
  PodDisruptionBudget: ns<PodDisruptionBudget>('policy/v1', 'PodDisruptionBudget', 'poddisruptionbudgets'),
  /** `networking.k8s.io/v1` Ingress: HTTP routes into Services. */
  Ingress: ns<Ingress>('networking.k8s.io/v1', 'Ingress', 'ingresses'),
  /** `networking.k8s.io/v1` NetworkPolicy: which traffic Pods accept and send. */
  NetworkPolicy: ns<NetworkPolicy>('networking.k8s.io/v1', 'NetworkPolicy', 'networkpolicies'),
  /** `discovery.k8s.io/v1` EndpointSlice: a Service's endpoints. */
  EndpointSlice: ns<EndpointSlice>('discovery.k8s.io/v1', 'EndpointSlice', 'endpointslices'),
  /** `events.k8s.io/v1` Event: what the manager's EventRecorder writes. */
  EventsV1Event: ns<EventsV1Event>('events.k8s.io/v1', 'Event', 'events'),
  /** `coordination.k8s.io/v1` Lease: what leader election holds. */
  Lease: ns<Lease>('coordination.k8s.io/v1', 'Lease', 'leases'),
  /** `rbac.authorization.k8s.io/v1` Role: permissions in one namespace. */
  Role: ns<Role>('rbac.authorization.k8s.io/v1', 'Role', 'roles'),
  /** `rbac.authorization.k8s.io/v1` RoleBinding: grants a Role or ClusterRole in one namespace. */
  RoleBinding: ns<RoleBinding>('rbac.authorization.k8s.io/v1', 'RoleBinding', 'rolebindings'),
  /** `rbac.authorization.k8s.io/v1` ClusterRole (cluster-scoped): permissions, cluster-wide. */
  ClusterRole: ns<ClusterRole>('rbac.authorization.k8s.io/v1', 'ClusterRole', 'clusterroles', 'Cluster'),
  /** `rbac.authorization.k8s.io/v1` ClusterRoleBinding (cluster-scoped): a ClusterRole, everywhere. */
  ClusterRoleBinding: ns<ClusterRoleBinding>(
    'rbac.authorization.k8s.io/v1',
    'ClusterRoleBinding',
    'clusterrolebindings',
    'Cluster',
  ),
  /** `storage.k8s.io/v1` StorageClass (cluster-scoped): how volumes are provisioned. */
  StorageClass: ns<StorageClass>('storage.k8s.io/v1', 'StorageClass', 'storageclasses', 'Cluster'),
  /** `apiextensions.k8s.io/v1` CustomResourceDefinition (cluster-scoped). */
  CustomResourceDefinition: ns<CustomResourceDefinition>(
    'apiextensions.k8s.io/v1',
    'CustomResourceDefinition',
    'customresourcedefinitions',
    'Cluster',
  ),
  /** `admissionregistration.k8s.io/v1` ValidatingWebhookConfiguration (cluster-scoped). */
  ValidatingWebhookConfiguration: ns<ValidatingWebhookConfiguration>(
    'admissionregistration.k8s.io/v1',
    'ValidatingWebhookConfiguration',
    'validatingwebhookconfigurations',
    'Cluster',
  ),
  /** `admissionregistration.k8s.io/v1` MutatingWebhookConfiguration (cluster-scoped). */
  MutatingWebhookConfiguration: ns<MutatingWebhookConfiguration>(
    'admissionregistration.k8s.io/v1',
    'MutatingWebhookConfiguration',
    'mutatingwebhookconfigurations',
    'Cluster',
  ),
});
