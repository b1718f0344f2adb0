/**
 * A cluster with many kinds for the recording suites: one object of 26 namespaced kinds (core, apps,
 * batch, rbac, policy, networking, coordination, autoscaling, and a fixture Widget with status and
 * an owner reference) in a namespace, and 4 cluster-scoped objects named after it.
 */
import type { Client } from '@kubekit/client';
import type { KubeObject as Kube } from '@kubekit/core';

/** An object of any kind, with its fields. */
type KubeObject = Kube & Record<string, unknown>;

const podSpec = { containers: [{ name: 'app', image: 'registry.example/app:1' }] };
const template = (app: string) => ({ metadata: { labels: { app } }, spec: podSpec });

/** The objects {@link seedCluster} creates in `namespace` (before the server fills them in). */
export function seedObjects(namespace: string, secretValue: string): KubeObject[] {
  const meta = (name: string, labels: Record<string, string> = { seeded: 'yes' }) => ({ name, namespace, labels });
  const namespaced: KubeObject[] = [
    { apiVersion: 'v1', kind: 'ConfigMap', metadata: meta('settings'), data: { mode: 'fast', token: secretValue } },
    {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: meta('credentials'),
      type: 'Opaque',
      data: { password: Buffer.from(secretValue).toString('base64'), user: Buffer.from('admin').toString('base64') },
    },
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: meta('web'),
      spec: { ports: [{ port: 80 }], selector: { app: 'web' } },
    },
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: meta('robot') },
    { apiVersion: 'v1', kind: 'Endpoints', metadata: meta('manual') },
    {
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: meta('data'),
      spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },
    },
    { apiVersion: 'v1', kind: 'LimitRange', metadata: meta('limits'), spec: { limits: [{ type: 'Container' }] } },
    { apiVersion: 'v1', kind: 'ResourceQuota', metadata: meta('quota'), spec: { hard: { pods: '100' } } },
    { apiVersion: 'v1', kind: 'Pod', metadata: meta('single', { seeded: 'yes', app: 'web' }), spec: podSpec },
    {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: meta('single.1'),
      involvedObject: { kind: 'Pod', name: 'single', namespace },
      reason: 'Seeded',
      message: 'seeded for a recording',
    },
    {
      apiVersion: 'v1',
      kind: 'ReplicationController',
      metadata: meta('legacy'),
      spec: { replicas: 0, selector: { app: 'legacy' }, template: template('legacy') },
    },
    { apiVersion: 'v1', kind: 'PodTemplate', metadata: meta('tpl'), template: template('tpl') },
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: meta('web'),
      spec: { replicas: 2, selector: { matchLabels: { app: 'web' } }, template: template('web') },
    },
    {
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: meta('db'),
      spec: { serviceName: 'db', selector: { matchLabels: { app: 'db' } }, template: template('db') },
    },
    {
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: meta('agent'),
      spec: { selector: { matchLabels: { app: 'agent' } }, template: template('agent') },
    },
    {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: meta('web-1'),
      spec: { replicas: 0, selector: { matchLabels: { app: 'rs' } }, template: template('rs') },
    },
    { apiVersion: 'apps/v1', kind: 'ControllerRevision', metadata: meta('db-1'), revision: 1, data: { spec: {} } },
    {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: meta('once'),
      spec: { template: { spec: { ...podSpec, restartPolicy: 'Never' } } },
    },
    {
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: meta('nightly'),
      spec: {
        schedule: '0 3 * * *',
        jobTemplate: { spec: { template: { spec: { ...podSpec, restartPolicy: 'Never' } } } },
      },
    },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'Role',
      metadata: meta('reader'),
      rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['get', 'list'] }],
    },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: meta('reader'),
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'reader' },
      subjects: [{ kind: 'ServiceAccount', name: 'robot', namespace }],
    },
    {
      apiVersion: 'policy/v1',
      kind: 'PodDisruptionBudget',
      metadata: meta('web'),
      spec: { minAvailable: 1, selector: { matchLabels: { app: 'web' } } },
    },
    {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: meta('deny'),
      spec: { podSelector: {}, policyTypes: ['Ingress'] },
    },
    {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      metadata: meta('web'),
      spec: { defaultBackend: { service: { name: 'web', port: { number: 80 } } } },
    },
    { apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: meta('leader'), spec: { holderIdentity: 'a' } },
    {
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: meta('web'),
      spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }, maxReplicas: 3 },
    },
  ];
  return namespaced;
}

/** The cluster-scoped objects {@link seedCluster} creates, named after `namespace`. */
export function seedClusterObjects(namespace: string): KubeObject[] {
  const meta = { name: `${namespace}-seed`, labels: { seeded: 'yes' } };
  return [
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata: meta,
      rules: [{ apiGroups: [''], resources: ['nodes'], verbs: ['get'] }],
    },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: meta,
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: meta.name },
      subjects: [{ kind: 'User', name: 'someone' }],
    },
    {
      apiVersion: 'v1',
      kind: 'PersistentVolume',
      metadata: meta,
      spec: { capacity: { storage: '1Gi' }, accessModes: ['ReadWriteOnce'], hostPath: { path: '/tmp/pv' } },
    },
    { apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: meta, value: 1000 },
  ];
}

/**
 * Creates {@link seedObjects} and {@link seedClusterObjects}, then a fixture Widget owned by the
 * ConfigMap whose status is set through the status subresource. The fixture CRDs must be installed.
 * Returns every object as the server stored it.
 */
export async function seedCluster(client: Client, namespace: string, secretValue: string): Promise<KubeObject[]> {
  const stored: KubeObject[] = [];
  for (const obj of [...seedObjects(namespace, secretValue), ...seedClusterObjects(namespace)]) {
    stored.push(await client.create(obj));
  }
  const owner = stored.find((o) => o.kind === 'ConfigMap') as KubeObject;
  const widget = await client.create({
    apiVersion: 'test.kubekit.dev/v1',
    kind: 'Widget',
    metadata: {
      name: 'gear',
      namespace,
      labels: { seeded: 'yes' },
      ownerReferences: [{ apiVersion: 'v1', kind: 'ConfigMap', name: 'settings', uid: owner.metadata?.uid as string }],
    },
    spec: { color: 'red', replicas: 1 },
  });
  stored.push(await client.status().update({ ...widget, status: { replicas: 1, phase: 'Ready' } } as KubeObject));
  return stored;
}
