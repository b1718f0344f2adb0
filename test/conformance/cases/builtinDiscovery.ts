/** Conformance: discovery of the built-in kinds the in-memory server serves, entry by entry. */
import { createHash } from 'node:crypto';
import { expect } from '@jest/globals';
import { type ConformanceCase, call } from '../support.js';

const ALL = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];
const SUB = ['get', 'patch', 'update'];

interface Entry {
  name: string;
  kind: string;
  namespaced: boolean;
  verbs?: string[];
  shortNames?: string[];
  categories?: string[];
  status?: boolean;
  scale?: boolean;
  /** `group/version/Kind` objects are stored as, when not their own. */
  storedAs?: string;
}

const e = (name: string, kind: string, namespaced: boolean, extra: Partial<Entry> = {}): Entry => ({
  name,
  kind,
  namespaced,
  ...extra,
});

const GROUP_VERSIONS: Record<string, Entry[]> = {
  v1: [
    e('configmaps', 'ConfigMap', true, { shortNames: ['cm'] }),
    e('endpoints', 'Endpoints', true, { shortNames: ['ep'] }),
    e('events', 'Event', true, { shortNames: ['ev'] }),
    e('limitranges', 'LimitRange', true, { shortNames: ['limits'] }),
    e('namespaces', 'Namespace', false, {
      shortNames: ['ns'],
      status: true,
      verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'],
    }),
    e('nodes', 'Node', false, { shortNames: ['no'], status: true }),
    e('persistentvolumeclaims', 'PersistentVolumeClaim', true, { shortNames: ['pvc'], status: true }),
    e('persistentvolumes', 'PersistentVolume', false, { shortNames: ['pv'], status: true }),
    e('pods', 'Pod', true, { shortNames: ['po'], categories: ['all'], status: true }),
    e('podtemplates', 'PodTemplate', true),
    e('replicationcontrollers', 'ReplicationController', true, {
      shortNames: ['rc'],
      categories: ['all'],
      status: true,
      scale: true,
    }),
    e('resourcequotas', 'ResourceQuota', true, { shortNames: ['quota'], status: true }),
    e('secrets', 'Secret', true),
    e('serviceaccounts', 'ServiceAccount', true, { shortNames: ['sa'] }),
    e('services', 'Service', true, { shortNames: ['svc'], categories: ['all'], status: true }),
  ],
  'apps/v1': [
    e('controllerrevisions', 'ControllerRevision', true),
    e('daemonsets', 'DaemonSet', true, { shortNames: ['ds'], categories: ['all'], status: true }),
    e('deployments', 'Deployment', true, { shortNames: ['deploy'], categories: ['all'], status: true, scale: true }),
    e('replicasets', 'ReplicaSet', true, { shortNames: ['rs'], categories: ['all'], status: true, scale: true }),
    e('statefulsets', 'StatefulSet', true, { shortNames: ['sts'], categories: ['all'], status: true, scale: true }),
  ],
  'batch/v1': [
    e('cronjobs', 'CronJob', true, { shortNames: ['cj'], categories: ['all'], status: true }),
    e('jobs', 'Job', true, { categories: ['all'], status: true }),
  ],
  'autoscaling/v2': [
    e('horizontalpodautoscalers', 'HorizontalPodAutoscaler', true, {
      shortNames: ['hpa'],
      categories: ['all'],
      status: true,
    }),
  ],
  'coordination.k8s.io/v1': [e('leases', 'Lease', true)],
  'discovery.k8s.io/v1': [e('endpointslices', 'EndpointSlice', true)],
  'events.k8s.io/v1': [e('events', 'Event', true, { shortNames: ['ev'], storedAs: '/v1/Event' })],
  'networking.k8s.io/v1': [
    e('ingressclasses', 'IngressClass', false),
    e('ingresses', 'Ingress', true, { shortNames: ['ing'], status: true }),
    e('networkpolicies', 'NetworkPolicy', true, { shortNames: ['netpol'] }),
  ],
  'policy/v1': [e('poddisruptionbudgets', 'PodDisruptionBudget', true, { shortNames: ['pdb'], status: true })],
  'rbac.authorization.k8s.io/v1': [
    e('clusterrolebindings', 'ClusterRoleBinding', false),
    e('clusterroles', 'ClusterRole', false),
    e('rolebindings', 'RoleBinding', true),
    e('roles', 'Role', true),
  ],
  'scheduling.k8s.io/v1': [e('priorityclasses', 'PriorityClass', false, { shortNames: ['pc'] })],
  'storage.k8s.io/v1': [e('storageclasses', 'StorageClass', false, { shortNames: ['sc'] })],
  'apiextensions.k8s.io/v1': [
    e('customresourcedefinitions', 'CustomResourceDefinition', false, {
      shortNames: ['crd', 'crds'],
      categories: ['api-extensions'],
      status: true,
      storedAs: 'apiextensions.k8s.io/v1beta1/CustomResourceDefinition',
    }),
  ],
};

interface Resource {
  name: string;
  singularName: string;
  namespaced: boolean;
  kind: string;
  verbs: string[];
  shortNames?: string[];
  categories?: string[];
  group?: string;
  version?: string;
  storageVersionHash?: string;
}

export const builtinDiscoveryCases: ConformanceCase[] = Object.entries(GROUP_VERSIONS).map(([gv, entries]) => ({
  name: `discovery of ${gv} lists ${entries.map((x) => x.name).join(', ')} as the real server does`,
  async run(sut) {
    const r = await call(sut, 'GET', gv === 'v1' ? '/api/v1' : `/apis/${gv}`);
    expect(r.body).toMatchObject({ kind: 'APIResourceList', groupVersion: gv });
    const byName = new Map((r.body.resources as Resource[]).map((x) => [x.name, x]));
    for (const x of entries) {
      const found = byName.get(x.name);
      expect({ name: x.name, found: found !== undefined }).toEqual({ name: x.name, found: true });
      const { storageVersionHash, ...rest } = found as Resource;
      expect(rest).toEqual({
        name: x.name,
        singularName: x.kind.toLowerCase(),
        namespaced: x.namespaced,
        kind: x.kind,
        verbs: x.verbs ?? ALL,
        ...(x.shortNames ? { shortNames: x.shortNames } : {}),
        ...(x.categories ? { categories: x.categories } : {}),
      });
      // The hash of the storage version: base64 of the first 8 bytes of sha256("<group>/<version>/<Kind>").
      const [group, version] = gv.includes('/') ? gv.split('/') : ['', gv];
      const storedAs = x.storedAs ?? `${group}/${version}/${x.kind}`;
      const hash = createHash('sha256').update(storedAs).digest().subarray(0, 8);
      expect({ name: x.name, storageVersionHash }).toEqual({
        name: x.name,
        storageVersionHash: hash.toString('base64'),
      });
      if (x.status) {
        expect(byName.get(`${x.name}/status`)).toEqual({
          name: `${x.name}/status`,
          singularName: '',
          namespaced: x.namespaced,
          kind: x.kind,
          verbs: SUB,
        });
      }
      if (x.scale) {
        expect(byName.get(`${x.name}/scale`)).toEqual({
          name: `${x.name}/scale`,
          singularName: '',
          namespaced: x.namespaced,
          group: 'autoscaling',
          version: 'v1',
          kind: 'Scale',
          verbs: SUB,
        });
      }
    }
  },
}));
