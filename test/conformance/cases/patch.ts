/** Conformance: merge patch, JSON Patch, and what custom resources refuse. */
import { expect } from '@jest/globals';
import { type ConformanceCase, call, unique, widget, widgets } from '../support.js';

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
];
