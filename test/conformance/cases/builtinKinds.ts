/**
 * Conformance: every built-in kind the in-memory server serves takes a minimal valid object —
 * create, get, list, delete — at the same path and scope as the real server, and its delete
 * answers what the real one answers (the object, or a Success Status).
 */
import { expect } from '@jest/globals';
import { type ConformanceCase, call, type ServerUnderTest, unique } from '../support.js';

interface KindCase {
  gv: string;
  kind: string;
  plural: string;
  namespaced: boolean;
  /** The body beyond apiVersion, kind and metadata. */
  body(sut: ServerUnderTest, name: string): Record<string, unknown>;
  /** What delete answers: the object, or a Success Status. */
  deleteAnswers: 'object' | 'status';
  /** A finalizer the server adds (the object stays, marked for deletion). */
  heldBy?: string;
  /** A delete without a propagation policy orphans dependents: the object waits for the garbage collector. */
  orphans?: boolean;
}

const container = { name: 'web', image: 'nginx:1.27' };
const template = (name: string) => ({ metadata: { labels: { app: name } }, spec: { containers: [container] } });
const selector = (name: string) => ({ matchLabels: { app: name } });

const KINDS: KindCase[] = [
  {
    gv: 'v1',
    kind: 'ConfigMap',
    plural: 'configmaps',
    namespaced: true,
    body: () => ({ data: { a: '1' } }),
    deleteAnswers: 'status',
  },
  { gv: 'v1', kind: 'Endpoints', plural: 'endpoints', namespaced: true, body: () => ({}), deleteAnswers: 'status' },
  {
    gv: 'v1',
    kind: 'Event',
    plural: 'events',
    namespaced: true,
    body: (sut) => ({
      involvedObject: { kind: 'Pod', name: 'p', namespace: sut.namespace },
      reason: 'Tested',
      message: 'a test event',
      type: 'Normal',
    }),
    deleteAnswers: 'status',
  },
  {
    gv: 'v1',
    kind: 'LimitRange',
    plural: 'limitranges',
    namespaced: true,
    body: () => ({ spec: { limits: [{ type: 'Container', default: { cpu: '100m' } }] } }),
    deleteAnswers: 'status',
  },
  { gv: 'v1', kind: 'Node', plural: 'nodes', namespaced: false, body: () => ({}), deleteAnswers: 'status' },
  {
    gv: 'v1',
    kind: 'PersistentVolumeClaim',
    plural: 'persistentvolumeclaims',
    namespaced: true,
    body: () => ({ spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } }),
    deleteAnswers: 'object',
    heldBy: 'kubernetes.io/pvc-protection',
  },
  {
    gv: 'v1',
    kind: 'PersistentVolume',
    plural: 'persistentvolumes',
    namespaced: false,
    body: () => ({
      spec: { capacity: { storage: '1Gi' }, accessModes: ['ReadWriteOnce'], hostPath: { path: '/tmp/kubekit' } },
    }),
    deleteAnswers: 'object',
    heldBy: 'kubernetes.io/pv-protection',
  },
  {
    gv: 'v1',
    kind: 'Pod',
    plural: 'pods',
    namespaced: true,
    body: () => ({ spec: { containers: [container] } }),
    deleteAnswers: 'object',
  },
  {
    gv: 'v1',
    kind: 'PodTemplate',
    plural: 'podtemplates',
    namespaced: true,
    body: (_sut, name) => ({ template: template(name) }),
    deleteAnswers: 'object',
  },
  {
    gv: 'v1',
    kind: 'ReplicationController',
    plural: 'replicationcontrollers',
    namespaced: true,
    body: (_sut, name) => ({ spec: { selector: { app: name }, template: template(name) } }),
    deleteAnswers: 'object',
    orphans: true,
  },
  {
    gv: 'v1',
    kind: 'ResourceQuota',
    plural: 'resourcequotas',
    namespaced: true,
    body: () => ({ spec: { hard: { pods: '10' } } }),
    deleteAnswers: 'object',
  },
  {
    gv: 'v1',
    kind: 'Secret',
    plural: 'secrets',
    namespaced: true,
    body: () => ({ stringData: { a: '1' } }),
    deleteAnswers: 'status',
  },
  {
    gv: 'v1',
    kind: 'ServiceAccount',
    plural: 'serviceaccounts',
    namespaced: true,
    body: () => ({}),
    deleteAnswers: 'object',
  },
  {
    gv: 'v1',
    kind: 'Service',
    plural: 'services',
    namespaced: true,
    body: (_sut, name) => ({ spec: { selector: { app: name }, ports: [{ port: 80 }] } }),
    deleteAnswers: 'object',
  },
  {
    gv: 'apps/v1',
    kind: 'ControllerRevision',
    plural: 'controllerrevisions',
    namespaced: true,
    body: () => ({ revision: 1, data: { note: 'a revision' } }),
    deleteAnswers: 'status',
  },
  {
    gv: 'apps/v1',
    kind: 'DaemonSet',
    plural: 'daemonsets',
    namespaced: true,
    body: (_sut, name) => ({ spec: { selector: selector(name), template: template(name) } }),
    deleteAnswers: 'status',
  },
  {
    gv: 'apps/v1',
    kind: 'Deployment',
    plural: 'deployments',
    namespaced: true,
    body: (_sut, name) => ({ spec: { selector: selector(name), template: template(name) } }),
    deleteAnswers: 'status',
  },
  {
    gv: 'apps/v1',
    kind: 'ReplicaSet',
    plural: 'replicasets',
    namespaced: true,
    body: (_sut, name) => ({ spec: { selector: selector(name), template: template(name) } }),
    deleteAnswers: 'status',
  },
  {
    gv: 'apps/v1',
    kind: 'StatefulSet',
    plural: 'statefulsets',
    namespaced: true,
    body: (_sut, name) => ({ spec: { serviceName: name, selector: selector(name), template: template(name) } }),
    deleteAnswers: 'status',
  },
  {
    gv: 'batch/v1',
    kind: 'CronJob',
    plural: 'cronjobs',
    namespaced: true,
    body: () => ({
      spec: {
        schedule: '*/5 * * * *',
        jobTemplate: { spec: { template: { spec: { restartPolicy: 'Never', containers: [container] } } } },
      },
    }),
    deleteAnswers: 'status',
  },
  {
    gv: 'batch/v1',
    kind: 'Job',
    plural: 'jobs',
    namespaced: true,
    body: () => ({ spec: { template: { spec: { restartPolicy: 'Never', containers: [container] } } } }),
    deleteAnswers: 'object',
    orphans: true,
  },
  {
    gv: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    plural: 'horizontalpodautoscalers',
    namespaced: true,
    body: (_sut, name) => ({
      spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name }, minReplicas: 1, maxReplicas: 3 },
    }),
    deleteAnswers: 'status',
  },
  {
    gv: 'coordination.k8s.io/v1',
    kind: 'Lease',
    plural: 'leases',
    namespaced: true,
    body: () => ({ spec: { holderIdentity: 'conformance', leaseDurationSeconds: 15 } }),
    deleteAnswers: 'status',
  },
  {
    gv: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    plural: 'endpointslices',
    namespaced: true,
    body: () => ({
      addressType: 'IPv4',
      endpoints: [{ addresses: ['10.1.2.3'] }],
      ports: [{ name: 'http', port: 80 }],
    }),
    deleteAnswers: 'status',
  },
  {
    gv: 'events.k8s.io/v1',
    kind: 'Event',
    plural: 'events',
    namespaced: true,
    body: (sut) => ({
      eventTime: '2026-01-01T00:00:00.000000Z',
      reportingController: 'test.kubekit.dev/conformance',
      reportingInstance: 'conformance-1',
      action: 'Testing',
      reason: 'Tested',
      type: 'Normal',
      note: 'a test event',
      regarding: { kind: 'Pod', name: 'p', namespace: sut.namespace },
    }),
    deleteAnswers: 'status',
  },
  {
    gv: 'networking.k8s.io/v1',
    kind: 'IngressClass',
    plural: 'ingressclasses',
    namespaced: false,
    body: () => ({ spec: { controller: 'test.kubekit.dev/ingress' } }),
    deleteAnswers: 'status',
  },
  {
    gv: 'networking.k8s.io/v1',
    kind: 'Ingress',
    plural: 'ingresses',
    namespaced: true,
    body: (_sut, name) => ({ spec: { defaultBackend: { service: { name, port: { number: 80 } } } } }),
    deleteAnswers: 'status',
  },
  {
    gv: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    plural: 'networkpolicies',
    namespaced: true,
    body: () => ({ spec: { podSelector: {} } }),
    deleteAnswers: 'status',
  },
  {
    gv: 'policy/v1',
    kind: 'PodDisruptionBudget',
    plural: 'poddisruptionbudgets',
    namespaced: true,
    body: (_sut, name) => ({ spec: { minAvailable: 1, selector: selector(name) } }),
    deleteAnswers: 'status',
  },
  {
    gv: 'rbac.authorization.k8s.io/v1',
    kind: 'Role',
    plural: 'roles',
    namespaced: true,
    body: () => ({ rules: [{ apiGroups: [''], resources: ['configmaps'], verbs: ['get'] }] }),
    deleteAnswers: 'status',
  },
  {
    gv: 'rbac.authorization.k8s.io/v1',
    kind: 'RoleBinding',
    plural: 'rolebindings',
    namespaced: true,
    body: (sut, name) => ({
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name },
      subjects: [{ kind: 'ServiceAccount', name: 'default', namespace: sut.namespace }],
    }),
    deleteAnswers: 'status',
  },
  {
    gv: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRole',
    plural: 'clusterroles',
    namespaced: false,
    body: () => ({ rules: [{ apiGroups: [''], resources: ['configmaps'], verbs: ['get'] }] }),
    deleteAnswers: 'status',
  },
  {
    gv: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRoleBinding',
    plural: 'clusterrolebindings',
    namespaced: false,
    body: (sut, name) => ({
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name },
      subjects: [{ kind: 'ServiceAccount', name: 'default', namespace: sut.namespace }],
    }),
    deleteAnswers: 'status',
  },
  {
    gv: 'scheduling.k8s.io/v1',
    kind: 'PriorityClass',
    plural: 'priorityclasses',
    namespaced: false,
    body: () => ({ value: 1000 }),
    deleteAnswers: 'status',
  },
  {
    gv: 'storage.k8s.io/v1',
    kind: 'StorageClass',
    plural: 'storageclasses',
    namespaced: false,
    body: () => ({ provisioner: 'test.kubekit.dev/none' }),
    deleteAnswers: 'object',
  },
];

const collection = (sut: ServerUnderTest, k: KindCase) =>
  `${k.gv === 'v1' ? '/api/v1' : `/apis/${k.gv}`}${k.namespaced ? `/namespaces/${sut.namespace}` : ''}/${k.plural}`;

export const builtinKindCases: ConformanceCase[] = KINDS.map((k) => ({
  name: `a minimal ${k.gv} ${k.kind} is created, read, listed and deleted (delete answers the ${k.deleteAnswers})`,
  async run(sut: ServerUnderTest) {
    const name = unique(k.kind.toLowerCase());
    const path = collection(sut, k);
    const created = await call(sut, 'POST', path, {
      apiVersion: k.gv,
      kind: k.kind,
      metadata: { name },
      ...k.body(sut, name),
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ apiVersion: k.gv, kind: k.kind, metadata: { name } });
    expect(created.body.metadata.namespace).toBe(k.namespaced ? sut.namespace : undefined);
    expect((await call(sut, 'GET', `${path}/${name}`)).body.metadata.uid).toBe(created.body.metadata.uid);
    const list = await call(sut, 'GET', `${path}?fieldSelector=${encodeURIComponent(`metadata.name=${name}`)}`);
    expect(list.body).toMatchObject({ apiVersion: k.gv, kind: `${k.kind}List` });
    expect(list.body.items.map((i: { metadata: { name: string } }) => i.metadata.name)).toEqual([name]);
    const deleted = await call(sut, 'DELETE', `${path}/${name}`);
    expect(deleted.status).toBe(200);
    if (k.deleteAnswers === 'object') {
      expect(deleted.body).toMatchObject({ kind: k.kind, metadata: { name, uid: created.body.metadata.uid } });
    } else {
      expect(deleted.body).toMatchObject({ kind: 'Status', status: 'Success' });
    }
    if (k.orphans) {
      // The orphan finalizer waits for the garbage collector (which the real test server does not
      // run); taking it off deletes the object.
      expect(deleted.body.metadata.finalizers).toEqual(['orphan']);
      expect(deleted.body.metadata.deletionTimestamp).toEqual(expect.any(String));
      await call(
        sut,
        'PATCH',
        `${path}/${name}`,
        { metadata: { finalizers: null } },
        {
          contentType: 'application/merge-patch+json',
        },
      );
    }
    const after = await call(sut, 'GET', `${path}/${name}`);
    if (k.heldBy) {
      expect(after.body.metadata.finalizers).toEqual([k.heldBy]);
      expect(after.body.metadata.deletionTimestamp).toEqual(expect.any(String));
    } else {
      expect(after.status).toBe(404);
    }
  },
}));
