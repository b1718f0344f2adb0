/** Conformance: server-side apply — field ownership, conflicts, force, and removal of dropped fields. */
import { expect } from '@jest/globals';
import {
  type ConformanceCase,
  call,
  core,
  deployment,
  type ServerUnderTest,
  unique,
  widget,
  widgets,
} from '../support.js';

const APPLY = { contentType: 'application/apply-patch+yaml' };
const apply = (sut: ServerUnderTest, name: string, manager: string, spec: Record<string, unknown>, force = false) =>
  call(
    sut,
    'PATCH',
    `${widgets(sut)}/${name}?fieldManager=${manager}${force ? '&force=true' : ''}`,
    widget(name, spec),
    APPLY,
  );

export const applyCases: ConformanceCase[] = [
  {
    name: 'apply creates the object (201) and needs a fieldManager (422)',
    async run(sut) {
      const name = unique('ap');
      const missing = await call(sut, 'PATCH', `${widgets(sut)}/${name}`, widget(name, { size: 1 }), APPLY);
      expect(missing.status).toBe(422);
      expect(missing.body.message).toBe(
        'PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch',
      );
      const created = await apply(sut, name, 'a', { size: 1 });
      expect(created.status).toBe(201);
      expect(created.body.spec).toEqual({ size: 1, color: 'blue' });
      expect(created.body.metadata.managedFields).toContainEqual(
        expect.objectContaining({
          manager: 'a',
          operation: 'Apply',
          fieldsV1: { 'f:spec': expect.objectContaining({ 'f:size': {} }) },
        }),
      );
    },
  },
  {
    name: 'apply of fields another applier owns with other values is 409 with every conflict named',
    async run(sut) {
      const name = unique('apc');
      await apply(sut, name, 'a', { size: 1, replicas: 2 });
      const r = await apply(sut, name, 'b', { size: 2, replicas: 3 });
      expect(r.body).toEqual({
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Failure',
        message: 'Apply failed with 2 conflicts: conflicts with "a":\n- .spec.replicas\n- .spec.size',
        reason: 'Conflict',
        details: {
          causes: [
            { reason: 'FieldManagerConflict', message: 'conflict with "a"', field: '.spec.replicas' },
            { reason: 'FieldManagerConflict', message: 'conflict with "a"', field: '.spec.size' },
          ],
        },
        code: 409,
      });
      // The same value is no conflict: the field is shared.
      expect((await apply(sut, name, 'b', { size: 1 })).status).toBe(200);
    },
  },
  {
    name: 'an update takes a field over; applying it again conflicts "using" the version, force wins',
    async run(sut) {
      const name = unique('apu');
      await apply(sut, name, 'a', { size: 1, replicas: 2 });
      const merge = { contentType: 'application/merge-patch+json' };
      await call(sut, 'PATCH', `${widgets(sut)}/${name}?fieldManager=c`, { spec: { size: 5 } }, merge);
      const r = await apply(sut, name, 'a', { size: 1, replicas: 2 });
      expect(r.status).toBe(409);
      expect(r.body.message).toBe(
        'Apply failed with 1 conflict: conflict with "c" using test.kubekit.dev/v1: .spec.size',
      );
      const forced = await apply(sut, name, 'a', { size: 1, replicas: 2 }, true);
      expect(forced.status).toBe(200);
      expect(forced.body.spec.size).toBe(1);
      expect(forced.body.metadata.managedFields.map((m: { manager: string }) => m.manager)).toEqual(['a']);
    },
  },
  {
    name: 'a field the applier owned alone and leaves out is removed',
    async run(sut) {
      const name = unique('apr');
      await apply(sut, name, 'a', { size: 1, replicas: 2 });
      const r = await apply(sut, name, 'a', { size: 1 });
      expect(r.body.spec).toEqual({ size: 1, color: 'blue' });
    },
  },
  {
    name: "apply merges keyed lists by key: another manager's container stays, each owns its own item",
    async run(sut) {
      const name = unique('apk');
      const path = `${core(sut, 'deployments', 'apps/v1')}/${name}`;
      const applyAs = (manager: string, body: object, force = false) =>
        call(sut, 'PATCH', `${path}?fieldManager=${manager}${force ? '&force=true' : ''}`, body, APPLY);
      expect((await applyAs('a', deployment(name))).status).toBe(201);
      const sidecar = {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name },
        spec: { template: { spec: { containers: [{ name: 'sidecar', image: 'busybox:1.36' }] } } },
      };
      const r = await applyAs('b', sidecar);
      expect(r.status).toBe(200);
      expect(r.body.spec.template.spec.containers.map((c: { name: string }) => c.name)).toEqual(['web', 'sidecar']);
      const b = r.body.metadata.managedFields.find((m: { manager: string }) => m.manager === 'b');
      expect(b).toMatchObject({
        operation: 'Apply',
        apiVersion: 'apps/v1',
        fieldsType: 'FieldsV1',
        fieldsV1: {
          'f:spec': {
            'f:template': {
              'f:spec': {
                'f:containers': { 'k:{"name":"sidecar"}': { '.': {}, 'f:image': {}, 'f:name': {} } },
              },
            },
          },
        },
      });
      // b changing a's container image conflicts with a, on that item's field.
      const taking = {
        ...sidecar,
        spec: { template: { spec: { containers: [{ name: 'web', image: 'nginx:1.29' }] } } },
      };
      const conflict = await applyAs('b', taking);
      expect(conflict.status).toBe(409);
      expect(conflict.body.message).toBe(
        'Apply failed with 1 conflict: conflict with "a": .spec.template.spec.containers[name="web"].image',
      );
      // b applying without its sidecar removes it; a's container stays.
      const dropped = await applyAs('b', { ...sidecar, spec: { replicas: 1 } });
      expect(dropped.body.spec.template.spec.containers.map((c: { name: string }) => c.name)).toEqual(['web']);
    },
  },
  {
    name: 'apply owns a label selector as one field and replaces it whole',
    async run(sut) {
      const name = unique('aps');
      const path = `${core(sut, 'deployments', 'apps/v1')}/${name}?fieldManager=a`;
      const r = await call(sut, 'PATCH', path, deployment(name), APPLY);
      const a = r.body.metadata.managedFields.find((m: { manager: string }) => m.manager === 'a');
      expect(a.fieldsV1['f:spec']['f:selector']).toEqual({});
      expect(a.fieldsV1['f:spec']['f:template']['f:metadata']).toEqual({ 'f:labels': { 'f:app': {} } });
    },
  },
  {
    name: 'apply orders a keyed list as the real server: applied items in the applied order, others kept in place',
    async run(sut) {
      const name = unique('apo');
      const path = `${core(sut, 'deployments', 'apps/v1')}/${name}`;
      const containers = (...names: string[]) => names.map((n) => ({ name: n, image: 'nginx:1.27' }));
      const body = (...names: string[]) => ({
        ...deployment(name),
        spec: {
          selector: { matchLabels: { app: name } },
          template: { metadata: { labels: { app: name } }, spec: { containers: containers(...names) } },
        },
      });
      await call(sut, 'PATCH', `${path}?fieldManager=one`, body('a', 'b'), APPLY);
      const r = await call(sut, 'PATCH', `${path}?fieldManager=two`, body('c', 'a'), APPLY);
      expect(r.body.spec.template.spec.containers.map((c: { name: string }) => c.name)).toEqual(['c', 'a', 'b']);
    },
  },
];
