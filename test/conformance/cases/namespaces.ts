/** Conformance: Namespaces — their defaults, NamespaceLifecycle admission, and termination. */
import { expect } from '@jest/globals';
import { type ConformanceCase, call, failure, unique, widget } from '../support.js';

const namespaces = '/api/v1/namespaces';
const configMap = (name: string, metadata: Record<string, unknown> = {}) => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name, ...metadata },
  data: { a: '1' },
});

export const namespaceCases: ConformanceCase[] = [
  {
    name: 'a new Namespace gets its name label, the kubernetes finalizer and phase Active',
    async run(sut) {
      const name = unique('ns');
      const r = await call(sut, 'POST', namespaces, { apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
      expect(r.status).toBe(201);
      expect(r.body.metadata.labels).toEqual({ 'kubernetes.io/metadata.name': name });
      expect(r.body.spec).toEqual({ finalizers: ['kubernetes'] });
      expect(r.body.status).toEqual({ phase: 'Active' });
      await call(sut, 'DELETE', `${namespaces}/${name}`);
    },
  },
  {
    name: 'creating a ConfigMap in a namespace that does not exist is 404 naming the namespace',
    async run(sut) {
      const ns = unique('missing');
      const r = await call(sut, 'POST', `/api/v1/namespaces/${ns}/configmaps`, configMap('c'));
      expect(r.body).toEqual(
        failure('NotFound', 404, `namespaces "${ns}" not found`, { name: ns, kind: 'namespaces' }),
      );
    },
  },
  {
    name: 'creating a custom resource in a namespace that does not exist is 404 too',
    async run(sut) {
      const ns = unique('missing');
      const r = await call(sut, 'POST', `/apis/test.kubekit.dev/v1/namespaces/${ns}/widgets`, widget('w'));
      expect(r.body).toEqual(
        failure('NotFound', 404, `namespaces "${ns}" not found`, { name: ns, kind: 'namespaces' }),
      );
    },
  },
  {
    name: 'a deleted Namespace answers itself Terminating and refuses new content with 403',
    async run(sut) {
      const name = unique('term');
      await call(sut, 'POST', namespaces, { apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
      // Content held by a finalizer keeps the namespace terminating wherever a namespace controller runs.
      const held = `/api/v1/namespaces/${name}/configmaps`;
      await call(sut, 'POST', held, configMap('held', { finalizers: ['test.kubekit.dev/hold'] }));
      const r = await call(sut, 'DELETE', `${namespaces}/${name}`);
      expect(r.status).toBe(200);
      expect(r.body).toMatchObject({
        kind: 'Namespace',
        metadata: { name },
        spec: { finalizers: ['kubernetes'] },
        status: { phase: 'Terminating' },
      });
      expect(r.body.metadata.deletionTimestamp).toEqual(expect.any(String));
      expect(r.body.metadata.deletionGracePeriodSeconds).toBeUndefined();
      const refused = await call(sut, 'POST', held, configMap('late'));
      expect(refused.body).toEqual(
        failure(
          'Forbidden',
          403,
          `configmaps "late" is forbidden: unable to create new content in namespace ${name} because it is being terminated`,
          {
            name: 'late',
            kind: 'configmaps',
            causes: [
              {
                reason: 'NamespaceTerminating',
                message: `namespace ${name} is being terminated`,
                field: 'metadata.namespace',
              },
            ],
          },
        ),
      );
      await call(
        sut,
        'PATCH',
        `${held}/held`,
        { metadata: { finalizers: null } },
        {
          contentType: 'application/merge-patch+json',
        },
      );
    },
  },
  {
    name: 'the default namespace may not be deleted (403)',
    async run(sut) {
      const r = await call(sut, 'DELETE', `${namespaces}/default`);
      expect(r.body).toEqual(
        failure('Forbidden', 403, 'namespaces "default" is forbidden: this namespace may not be deleted', {
          name: 'default',
          kind: 'namespaces',
        }),
      );
    },
  },
];
