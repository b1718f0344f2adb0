/** Conformance: server-side apply — field ownership, conflicts, force, and removal of dropped fields. */
import { expect } from '@jest/globals';
import { type ConformanceCase, call, type ServerUnderTest, unique, widget, widgets } from '../support.js';

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
];
