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
  Pod: ns<V1Pod>('v1', 'Pod', 'pods'),
  Service: ns<V1Service>('v1', 'Service', 'services'),
  ConfigMap: ns<V1ConfigMap>('v1', 'ConfigMap', 'configmaps'),
  Secret: ns<V1Secret>('v1', 'Secret', 'secrets'),
  ServiceAccount: ns<V1ServiceAccount>('v1', 'ServiceAccount', 'serviceaccounts'),
  PersistentVolumeClaim: ns<V1PersistentVolumeClaim>('v1', 'PersistentVolumeClaim', 'persistentvolumeclaims'),
  Event: ns<CoreV1Event>('v1', 'Event', 'events'),
  Namespace: ns<V1Namespace>('v1', 'Namespace', 'namespaces', 'Cluster'),
  Node: ns<V1Node>('v1', 'Node', 'nodes', 'Cluster'),
  PersistentVolume: ns<V1PersistentVolume>('v1', 'PersistentVolume', 'persistentvolumes', 'Cluster'),
  Deployment: ns<V1Deployment>('apps/v1', 'Deployment', 'deployments'),
  StatefulSet: ns<V1StatefulSet>('apps/v1', 'StatefulSet', 'statefulsets'),
  DaemonSet: ns<V1DaemonSet>('apps/v1', 'DaemonSet', 'daemonsets'),
  ReplicaSet: ns<V1ReplicaSet>('apps/v1', 'ReplicaSet', 'replicasets'),
  Job: ns<V1Job>('batch/v1', 'Job', 'jobs'),
  CronJob: ns<V1CronJob>('batch/v1', 'CronJob', 'cronjobs'),
  HorizontalPodAutoscaler: ns<V2HorizontalPodAutoscaler>(
    'autoscaling/v2',
    'HorizontalPodAutoscaler',
    'horizontalpodautoscalers',
  ),
  PodDisruptionBudget: ns<V1PodDisruptionBudget>('policy/v1', 'PodDisruptionBudget', 'poddisruptionbudgets'),
  Ingress: ns<V1Ingress>('networking.k8s.io/v1', 'Ingress', 'ingresses'),
  NetworkPolicy: ns<V1NetworkPolicy>('networking.k8s.io/v1', 'NetworkPolicy', 'networkpolicies'),
  EndpointSlice: ns<V1EndpointSlice>('discovery.k8s.io/v1', 'EndpointSlice', 'endpointslices'),
  EventsV1Event: ns<EventsV1Event>('events.k8s.io/v1', 'Event', 'events'),
  Lease: ns<V1Lease>('coordination.k8s.io/v1', 'Lease', 'leases'),
  Role: ns<V1Role>('rbac.authorization.k8s.io/v1', 'Role', 'roles'),
  RoleBinding: ns<V1RoleBinding>('rbac.authorization.k8s.io/v1', 'RoleBinding', 'rolebindings'),
  ClusterRole: ns<V1ClusterRole>('rbac.authorization.k8s.io/v1', 'ClusterRole', 'clusterroles', 'Cluster'),
  ClusterRoleBinding: ns<V1ClusterRoleBinding>(
    'rbac.authorization.k8s.io/v1',
    'ClusterRoleBinding',
    'clusterrolebindings',
    'Cluster',
  ),
  StorageClass: ns<V1StorageClass>('storage.k8s.io/v1', 'StorageClass', 'storageclasses', 'Cluster'),
  CustomResourceDefinition: ns<V1CustomResourceDefinition>(
    'apiextensions.k8s.io/v1',
    'CustomResourceDefinition',
    'customresourcedefinitions',
    'Cluster',
  ),
  ValidatingWebhookConfiguration: ns<V1ValidatingWebhookConfiguration>(
    'admissionregistration.k8s.io/v1',
    'ValidatingWebhookConfiguration',
    'validatingwebhookconfigurations',
    'Cluster',
  ),
  MutatingWebhookConfiguration: ns<V1MutatingWebhookConfiguration>(
    'admissionregistration.k8s.io/v1',
    'MutatingWebhookConfiguration',
    'mutatingwebhookconfigurations',
    'Cluster',
  ),
});
