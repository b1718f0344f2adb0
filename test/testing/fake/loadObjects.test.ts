/**
 * Loading objects into the in-memory server (`crds`, `manifests`, `loadManifests`, FakeClient
 * `objects`): objects as a real server returns them load as they are.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { builtinKinds } from '@kubekit/client';
import { type CrdSource, FakeApiServer, FakeClient } from '@kubekit/testing';
import { stringify } from 'yaml';

const { ConfigMap, Deployment } = builtinKinds;
const CM_GVR = { group: '', version: 'v1', resource: 'configmaps' };

/** A CRD as a server returns it: with metadata and status. */
const servedCrd = {
  apiVersion: 'apiextensions.k8s.io/v1' as const,
  kind: 'CustomResourceDefinition',
  metadata: {
    name: 'gizmos.test.kubekit.dev',
    uid: '0b7f5a3e-0000-4000-8000-000000000001',
    resourceVersion: '812',
    creationTimestamp: '2025-03-01T10:00:00Z',
    generation: 1,
  },
  spec: {
    group: 'test.kubekit.dev',
    scope: 'Namespaced',
    names: { plural: 'gizmos', singular: 'gizmo', kind: 'Gizmo', listKind: 'GizmoList' },
    versions: [
      {
        name: 'v1',
        served: true,
        storage: true,
        schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } },
      },
    ],
  },
  status: {
    acceptedNames: { plural: 'gizmos', singular: 'gizmo', kind: 'Gizmo', listKind: 'GizmoList' },
    conditions: [
      { type: 'NamesAccepted', status: 'True', reason: 'NoConflicts', message: 'no conflicts found' },
      {
        type: 'Established',
        status: 'True',
        reason: 'InitialNamesAccepted',
        message: 'the initial names have been accepted',
      },
    ],
    storedVersions: ['v1'],
  },
} satisfies CrdSource;

const OWNER_UID = '6c1d3a52-1111-4111-8111-000000000002';
const CHILD_UID = '6c1d3a52-2222-4222-8222-000000000003';

/** A Deployment and a ConfigMap it owns, as `kubectl get -o yaml` saves them. */
const savedObjects = [
  {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      name: 'web',
      namespace: 'default',
      uid: OWNER_UID,
      resourceVersion: '4021',
      creationTimestamp: '2025-03-01T10:00:00Z',
      generation: 3,
    },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: 'web' } },
      template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx:1.27' }] } },
    },
    status: { replicas: 2, readyReplicas: 2, observedGeneration: 3 },
  },
  {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: {
      name: 'web-config',
      namespace: 'default',
      uid: CHILD_UID,
      resourceVersion: '4022',
      creationTimestamp: '2025-03-01T10:00:05Z',
      ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', uid: OWNER_UID, controller: true }],
    },
    data: { a: '1' },
  },
];

describe('loading objects into the in-memory server', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kubekit-load-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('starts with a CRD that carries status (as every server returns it) and serves its kind', async () => {
    await using server = await FakeApiServer.start({ crds: [servedCrd] });
    const gizmos = { group: 'test.kubekit.dev', version: 'v1', resource: 'gizmos' };
    const created = server.storage.create(gizmos, 'default', { metadata: { name: 'g1' }, spec: { x: 1 } });
    expect(created.kind).toBe('Gizmo');
    const crd = server.storage.get(
      { group: 'apiextensions.k8s.io', version: 'v1', resource: 'customresourcedefinitions' },
      undefined,
      servedCrd.metadata.name,
    );
    expect(crd.metadata.uid).toBe(servedCrd.metadata.uid);
    expect(crd.status).toEqual(servedCrd.status);
  });

  it('keeps uid, creationTimestamp, generation and status of manifests, so owner references hold', async () => {
    const file = join(dir, 'saved.yaml');
    await writeFile(file, savedObjects.map((o) => stringify(o)).join('---\n'));
    await using server = await FakeApiServer.start({ manifests: [file] });
    const deploy = server.storage.get({ group: 'apps', version: 'v1', resource: 'deployments' }, 'default', 'web');
    expect(deploy.metadata).toMatchObject({
      uid: OWNER_UID,
      creationTimestamp: '2025-03-01T10:00:00Z',
      generation: 3,
    });
    expect(deploy.status).toEqual({ replicas: 2, readyReplicas: 2, observedGeneration: 3 });
    // resourceVersions are the server's own, as after a restore.
    expect(deploy.metadata.resourceVersion).not.toBe('4021');
    const child = server.storage.get(CM_GVR, 'default', 'web-config');
    expect(child.metadata.uid).toBe(CHILD_UID);
    // The garbage collector sees the owner: the child stays.
    await new Promise((r) => setImmediate(r));
    expect(server.storage.get(CM_GVR, 'default', 'web-config').metadata.uid).toBe(CHILD_UID);
  });

  it('keeps them through loadManifests, replacing an object of the same name', async () => {
    const file = join(dir, 'again.yaml');
    await writeFile(file, savedObjects.map((o) => stringify(o)).join('---\n'));
    await using server = await FakeApiServer.start();
    server.storage.create(CM_GVR, 'default', { metadata: { name: 'web-config' }, data: { old: 'yes' } });
    expect(await server.loadManifests([file])).toBe(2);
    const child = server.storage.get(CM_GVR, 'default', 'web-config');
    expect(child.metadata.uid).toBe(CHILD_UID);
    expect(child.data).toEqual({ a: '1' });
  });

  it('keeps them for FakeClient objects', async () => {
    const client = await FakeClient.create({ objects: savedObjects as never[] });
    const deploy = await client.get(Deployment, 'web', { namespace: 'default' });
    expect(deploy.metadata?.uid).toBe(OWNER_UID);
    const cm = await client.get(ConfigMap, 'web-config', { namespace: 'default' });
    expect(cm.metadata?.ownerReferences?.[0]?.uid).toBe(deploy.metadata?.uid);
    expect(cm.metadata?.creationTimestamp).toBe('2025-03-01T10:00:05Z');
  });
});
