/** Conformance: discovery documents and the restricted user's 403. */
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
