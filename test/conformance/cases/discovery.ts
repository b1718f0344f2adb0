/** Conformance: discovery documents (classic and aggregated) and the restricted user's 403. */
import { expect } from '@jest/globals';
import { type ConformanceCase, call, widgets } from '../support.js';

export const discoveryCases: ConformanceCase[] = [
  {
    name: 'the group version lists its kinds with scope, verbs and subresources',
    async run(sut) {
      const r = await call(sut, 'GET', '/apis/test.kubekit.dev/v1');
      expect(r.body).toMatchObject({ kind: 'APIResourceList', apiVersion: 'v1', groupVersion: 'test.kubekit.dev/v1' });
      const byName = new Map((r.body.resources as Array<{ name: string; verbs: string[] }>).map((x) => [x.name, x]));
      expect(byName.get('widgets')).toMatchObject({
        namespaced: true,
        kind: 'Widget',
        singularName: 'widget',
        shortNames: ['wd'],
      });
      expect((byName.get('widgets')?.verbs ?? []).sort()).toEqual([
        'create',
        'delete',
        'deletecollection',
        'get',
        'list',
        'patch',
        'update',
        'watch',
      ]);
      expect(byName.get('widgets/status')).toMatchObject({
        namespaced: true,
        kind: 'Widget',
        verbs: ['get', 'patch', 'update'],
      });
      expect(byName.get('widgets/scale')).toMatchObject({ group: 'autoscaling', version: 'v1', kind: 'Scale' });
      expect(byName.get('gadgets')).toMatchObject({ namespaced: false, kind: 'Gadget' });
    },
  },
  {
    name: '/apis names the group with its preferred version; /version has major, minor, gitVersion',
    async run(sut) {
      const apis = (await call(sut, 'GET', '/apis')).body;
      expect(apis.kind).toBe('APIGroupList');
      expect(apis.groups).toContainEqual(
        expect.objectContaining({
          name: 'test.kubekit.dev',
          versions: [{ groupVersion: 'test.kubekit.dev/v1', version: 'v1' }],
          preferredVersion: { groupVersion: 'test.kubekit.dev/v1', version: 'v1' },
        }),
      );
      const version = (await call(sut, 'GET', '/version')).body;
      expect(version).toMatchObject({
        major: '1',
        minor: expect.any(String),
        gitVersion: expect.stringMatching(/^v1\./),
      });
    },
  },
  {
    name: 'aggregated discovery at /apis and /api lists groups, versions and resources with their subresources',
    async run(sut) {
      const accept = 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList';
      const apis = await call(sut, 'GET', '/apis', undefined, { accept: `${accept},application/json` });
      expect(apis.headers['content-type']).toBe(accept);
      expect(apis.body).toMatchObject({ kind: 'APIGroupDiscoveryList', apiVersion: 'apidiscovery.k8s.io/v2' });
      const group = apis.body.items.find((i: { metadata: { name: string } }) => i.metadata.name === 'test.kubekit.dev');
      expect(group.versions).toEqual([expect.objectContaining({ version: 'v1', freshness: 'Current' })]);
      const widgets = group.versions[0].resources.find((r: { resource: string }) => r.resource === 'widgets');
      expect(widgets).toMatchObject({
        responseKind: { group: 'test.kubekit.dev', version: 'v1', kind: 'Widget' },
        scope: 'Namespaced',
        singularResource: 'widget',
        shortNames: ['wd'],
      });
      expect([...widgets.verbs].sort()).toEqual([
        'create',
        'delete',
        'deletecollection',
        'get',
        'list',
        'patch',
        'update',
        'watch',
      ]);
      const subresources = [...widgets.subresources].sort((a, b) => a.subresource.localeCompare(b.subresource));
      expect(subresources).toMatchObject([
        {
          subresource: 'scale',
          responseKind: { group: 'autoscaling', version: 'v1', kind: 'Scale' },
          verbs: ['get', 'patch', 'update'],
        },
        {
          subresource: 'status',
          responseKind: { group: 'test.kubekit.dev', version: 'v1', kind: 'Widget' },
          verbs: ['get', 'patch', 'update'],
        },
      ]);
      // built-in kinds leave the group and version of a response kind empty: the parent's
      const apps = apis.body.items.find((i: { metadata: { name: string } }) => i.metadata.name === 'apps');
      const deployments = apps.versions[0].resources.find((r: { resource: string }) => r.resource === 'deployments');
      expect(deployments).toMatchObject({
        responseKind: { group: '', version: '', kind: 'Deployment' },
        shortNames: ['deploy'],
        categories: ['all'],
      });
      expect(deployments.subresources).toContainEqual({
        subresource: 'scale',
        responseKind: { group: 'autoscaling', version: 'v1', kind: 'Scale' },
        verbs: ['get', 'patch', 'update'],
      });
      const core = (await call(sut, 'GET', '/api', undefined, { accept })).body;
      expect(core.items).toHaveLength(1);
      expect(core.items[0].metadata).toEqual({});
      const pods = core.items[0].versions[0].resources.find((r: { resource: string }) => r.resource === 'pods');
      expect(pods).toMatchObject({
        responseKind: { group: '', version: '', kind: 'Pod' },
        scope: 'Namespaced',
        singularResource: 'pod',
        shortNames: ['po'],
        categories: ['all'],
      });
    },
  },
  {
    name: 'an unknown resource path is a plain 404 page',
    async run(sut) {
      const r = await call(sut, 'GET', '/apis/test.kubekit.dev/v1/namespaces/x/nopes');
      expect(r).toMatchObject({ status: 404, body: '404 page not found\n' });
    },
  },
  {
    name: 'the restricted user is 403 Forbidden on custom resources and may read CRDs',
    async run(sut) {
      const r = await call(sut, 'GET', widgets(sut), undefined, { user: 'restricted' });
      expect(r.body).toEqual({
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Failure',
        message: `widgets.test.kubekit.dev is forbidden: User "kubekit-restricted" cannot list resource "widgets" in API group "test.kubekit.dev" in the namespace "${sut.namespace}"`,
        reason: 'Forbidden',
        details: { group: 'test.kubekit.dev', kind: 'widgets' },
        code: 403,
      });
      const crds = await call(sut, 'GET', '/apis/apiextensions.k8s.io/v1/customresourcedefinitions', undefined, {
        user: 'restricted',
      });
      expect(crds.status).toBe(200);
    },
  },
];
