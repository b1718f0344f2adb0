/** Conformance: merge patch, JSON Patch, and what custom resources refuse. */
import { expect } from '@jest/globals';
import { type ConformanceCase, call, core, deployment, unique, widget, widgets } from '../support.js';

export const patchCases: ConformanceCase[] = [
  {
    name: 'a merge patch merges maps, deletes with null, and bumps generation',
    async run(sut) {
      const name = unique('mp');
      await call(sut, 'POST', widgets(sut), widget(name, { size: 1, replicas: 2 }, { labels: { a: '1', b: '2' } }));
      const r = await call(
        sut,
        'PATCH',
        `${widgets(sut)}/${name}`,
        { metadata: { labels: { b: null, c: '3' } }, spec: { size: 5, replicas: null } },
        {
          contentType: 'application/merge-patch+json',
        },
      );
      expect(r.status).toBe(200);
      expect(r.body.metadata.labels).toEqual({ a: '1', c: '3' });
      expect(r.body.spec).toEqual({ size: 5, color: 'blue' });
      expect(r.body.metadata.generation).toBe(2);
    },
  },
  {
    name: 'a JSON Patch applies its operations in order; a failed test operation is 422',
    async run(sut) {
      const name = unique('jp');
      await call(sut, 'POST', widgets(sut), widget(name, { size: 1 }));
      const ok = await call(
        sut,
        'PATCH',
        `${widgets(sut)}/${name}`,
        [
          { op: 'test', path: '/spec/size', value: 1 },
          { op: 'replace', path: '/spec/size', value: 7 },
          { op: 'add', path: '/metadata/labels', value: { x: 'y' } },
        ],
        { contentType: 'application/json-patch+json' },
      );
      expect(ok.status).toBe(200);
      expect(ok.body.spec.size).toBe(7);
      expect(ok.body.metadata.labels).toEqual({ x: 'y' });
      const failed = await call(
        sut,
        'PATCH',
        `${widgets(sut)}/${name}`,
        [{ op: 'test', path: '/spec/size', value: 1 }],
        {
          contentType: 'application/json-patch+json',
        },
      );
      expect(failed.status).toBe(422);
      expect(failed.body).toMatchObject({ kind: 'Status', status: 'Failure', code: 422 });
    },
  },
  {
    name: 'a merge patch carrying a stale resourceVersion is 409 Conflict',
    async run(sut) {
      const name = unique('mprv');
      const created = (await call(sut, 'POST', widgets(sut), widget(name))).body;
      await call(
        sut,
        'PATCH',
        `${widgets(sut)}/${name}`,
        { spec: { size: 1 } },
        { contentType: 'application/merge-patch+json' },
      );
      const r = await call(
        sut,
        'PATCH',
        `${widgets(sut)}/${name}`,
        { metadata: { resourceVersion: created.metadata.resourceVersion }, spec: { size: 2 } },
        {
          contentType: 'application/merge-patch+json',
        },
      );
      expect(r.status).toBe(409);
      expect(r.body.reason).toBe('Conflict');
    },
  },
  {
    name: 'a strategic merge patch on a custom resource is 415 UnsupportedMediaType',
    async run(sut) {
      const name = unique('smp');
      await call(sut, 'POST', widgets(sut), widget(name));
      const r = await call(
        sut,
        'PATCH',
        `${widgets(sut)}/${name}`,
        { spec: { size: 1 } },
        { contentType: 'application/strategic-merge-patch+json' },
      );
      expect(r.body).toEqual({
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Failure',
        message:
          'the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml',
        reason: 'UnsupportedMediaType',
        code: 415,
      });
    },
  },
  {
    name: 'a patch of a missing object is 404 NotFound',
    async run(sut) {
      const r = await call(
        sut,
        'PATCH',
        `${widgets(sut)}/nope`,
        { spec: {} },
        { contentType: 'application/merge-patch+json' },
      );
      expect(r.status).toBe(404);
      expect(r.body.message).toBe('widgets.test.kubekit.dev "nope" not found');
    },
  },
  {
    name: 'a strategic merge patch merges containers by name and ports by containerPort, in the real order',
    async run(sut) {
      const name = unique('smpc');
      const path = `${core(sut, 'deployments', 'apps/v1')}/${name}`;
      const body = deployment(name);
      body.spec.template.spec.containers = [
        { name: 'c', image: 'nginx:1.27' },
        { name: 'a', image: 'nginx:1.27' },
        { name: 'b', image: 'nginx:1.27' },
      ] as never;
      await call(sut, 'POST', core(sut, 'deployments', 'apps/v1'), body);
      const r = await call(
        sut,
        'PATCH',
        path,
        {
          spec: {
            template: {
              spec: {
                containers: [
                  { name: 'a', ports: [{ containerPort: 8080 }] },
                  { name: 'd', image: 'busybox:1.36' },
                ],
              },
            },
          },
        },
        { contentType: 'application/strategic-merge-patch+json' },
      );
      expect(r.status).toBe(200);
      const containers = r.body.spec.template.spec.containers as Array<{
        name: string;
        image: string;
        ports?: unknown;
      }>;
      expect(containers.map((c) => c.name)).toEqual(['c', 'a', 'd', 'b']);
      expect(containers[1]).toMatchObject({ image: 'nginx:1.27', ports: [{ containerPort: 8080, protocol: 'TCP' }] });
    },
  },
  {
    name: "a strategic merge patch adds finalizers to the existing ones (the patch's first)",
    async run(sut) {
      const name = unique('smpf');
      const path = `${core(sut, 'configmaps')}/${name}`;
      await call(sut, 'POST', core(sut, 'configmaps'), {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name, finalizers: ['test.kubekit.dev/a'] },
      });
      const r = await call(
        sut,
        'PATCH',
        path,
        { metadata: { finalizers: ['test.kubekit.dev/b'] } },
        {
          contentType: 'application/strategic-merge-patch+json',
        },
      );
      expect(r.body.metadata.finalizers).toEqual(['test.kubekit.dev/b', 'test.kubekit.dev/a']);
      await call(
        sut,
        'PATCH',
        path,
        { metadata: { finalizers: null } },
        { contentType: 'application/merge-patch+json' },
      );
    },
  },
];
