/** Conformance: create, get, update, delete, and the errors they answer. */
import { expect } from '@jest/globals';
import { type ConformanceCase, call, core, unique, widget, widgets } from '../support.js';

const status = (reason: string, code: number, message: string, details?: object) => ({
  kind: 'Status',
  apiVersion: 'v1',
  metadata: {},
  status: 'Failure',
  message,
  reason,
  ...(details ? { details } : {}),
  code,
});

export const crudCases: ConformanceCase[] = [
  {
    name: 'create fills uid, creationTimestamp, resourceVersion, generation 1 and schema defaults',
    async run(sut) {
      const name = unique('c');
      const r = await call(sut, 'POST', widgets(sut), widget(name, { size: 1 }));
      expect(r.status).toBe(201);
      expect(r.body.metadata).toMatchObject({ name, namespace: sut.namespace, generation: 1 });
      expect(r.body.metadata.uid).toMatch(/^[0-9a-f-]{36}$/);
      expect(r.body.metadata.creationTimestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
      expect(Number(r.body.metadata.resourceVersion)).toBeGreaterThan(0);
      expect(r.body.spec).toEqual({ size: 1, color: 'blue' });
    },
  },
  {
    name: 'generateName gives the prefix plus five random characters',
    async run(sut) {
      const r = await call(sut, 'POST', widgets(sut), { ...widget(''), metadata: { generateName: 'gen-' } });
      expect(r.status).toBe(201);
      expect(r.body.metadata.name).toMatch(/^gen-[a-z0-9]{5}$/);
      expect(r.body.metadata.generateName).toBe('gen-');
    },
  },
  {
    name: 'get of a missing object is 404 NotFound with the real Status body',
    async run(sut) {
      const r = await call(sut, 'GET', `${widgets(sut)}/missing`);
      expect(r.status).toBe(404);
      expect(r.body).toEqual(
        status('NotFound', 404, 'widgets.test.kubekit.dev "missing" not found', {
          name: 'missing',
          group: 'test.kubekit.dev',
          kind: 'widgets',
        }),
      );
    },
  },
  {
    name: 'create of an existing name is 409 AlreadyExists',
    async run(sut) {
      const name = unique('dup');
      await call(sut, 'POST', widgets(sut), widget(name));
      const r = await call(sut, 'POST', widgets(sut), widget(name));
      expect(r.body).toEqual(
        status('AlreadyExists', 409, `widgets.test.kubekit.dev "${name}" already exists`, {
          name,
          group: 'test.kubekit.dev',
          kind: 'widgets',
        }),
      );
    },
  },
  {
    name: 'update with a stale resourceVersion is 409 Conflict',
    async run(sut) {
      const name = unique('cf');
      const created = (await call(sut, 'POST', widgets(sut), widget(name, { size: 1 }))).body;
      const first = await call(sut, 'PUT', `${widgets(sut)}/${name}`, { ...created, spec: { size: 2 } });
      expect(first.status).toBe(200);
      expect(Number(first.body.metadata.resourceVersion)).toBeGreaterThan(Number(created.metadata.resourceVersion));
      const stale = await call(sut, 'PUT', `${widgets(sut)}/${name}`, { ...created, spec: { size: 3 } });
      expect(stale.body).toEqual(
        status(
          'Conflict',
          409,
          `Operation cannot be fulfilled on widgets.test.kubekit.dev "${name}": the object has been modified; please apply your changes to the latest version and try again`,
          { name, group: 'test.kubekit.dev', kind: 'widgets' },
        ),
      );
    },
  },
  {
    name: 'update without a resourceVersion is refused for custom resources (422 Invalid)',
    async run(sut) {
      const name = unique('norv');
      await call(sut, 'POST', widgets(sut), widget(name));
      const r = await call(sut, 'PUT', `${widgets(sut)}/${name}`, widget(name, { size: 4 }));
      expect(r.status).toBe(422);
      expect(r.body).toMatchObject({ reason: 'Invalid', details: { causes: [{ field: 'metadata.resourceVersion' }] } });
    },
  },
  {
    name: 'update whose body names another object is 400 BadRequest',
    async run(sut) {
      const name = unique('nm');
      const created = (await call(sut, 'POST', widgets(sut), widget(name))).body;
      const r = await call(sut, 'PUT', `${widgets(sut)}/${name}`, {
        ...created,
        metadata: { ...created.metadata, name: 'zz' },
      });
      expect(r.body).toEqual(
        status('BadRequest', 400, `the name of the object (zz) does not match the name on the URL (${name})`),
      );
    },
  },
  {
    name: 'an invalid name is 422 Invalid naming metadata.name',
    async run(sut) {
      const r = await call(sut, 'POST', widgets(sut), widget('Bad_Name'));
      expect(r.status).toBe(422);
      expect(r.body).toMatchObject({
        reason: 'Invalid',
        message: expect.stringMatching(
          /^Widget\.test\.kubekit\.dev "Bad_Name" is invalid: metadata\.name: Invalid value: "Bad_Name": a lowercase RFC 1123 subdomain/,
        ),
        details: {
          name: 'Bad_Name',
          group: 'test.kubekit.dev',
          kind: 'Widget',
          causes: [{ reason: 'FieldValueInvalid', field: 'metadata.name' }],
        },
      });
    },
  },
  {
    name: 'a value of the wrong type is 422 Invalid with a FieldValueTypeInvalid cause',
    async run(sut) {
      const r = await call(sut, 'POST', widgets(sut), widget('typed', { size: 'x' }));
      expect(r.status).toBe(422);
      expect(r.body.details.causes).toContainEqual({
        reason: 'FieldValueTypeInvalid',
        message: 'Invalid value: "string": spec.size in body must be of type integer: "string"',
        field: 'spec.size',
      });
    },
  },
  {
    name: 'a body of another kind is 422 Invalid on the kind field',
    async run(sut) {
      const r = await call(sut, 'POST', widgets(sut), { ...widget('k'), kind: 'Gadget' });
      expect(r.body).toEqual(
        status(
          'Invalid',
          422,
          'Gadget.test.kubekit.dev "k" is invalid: kind: Invalid value: "Gadget": must be Widget',
          {
            name: 'k',
            group: 'test.kubekit.dev',
            kind: 'Gadget',
            causes: [
              { reason: 'FieldValueInvalid', message: 'Invalid value: "Gadget": must be Widget', field: 'kind' },
            ],
          },
        ),
      );
    },
  },
  {
    name: 'generation moves on spec changes only; the status subresource isolates status',
    async run(sut) {
      const name = unique('gen');
      const path = `${widgets(sut)}/${name}`;
      const created = (
        await call(sut, 'POST', widgets(sut), { ...widget(name, { size: 1 }), status: { phase: 'ignored' } })
      ).body;
      expect(created.status).toBeUndefined();
      const labelled = (
        await call(sut, 'PUT', path, { ...created, metadata: { ...created.metadata, labels: { a: 'b' } } })
      ).body;
      expect(labelled.metadata.generation).toBe(1);
      const mainStatus = (await call(sut, 'PUT', path, { ...labelled, status: { phase: 'main' } })).body;
      expect(mainStatus.status).toBeUndefined();
      const viaStatus = await call(sut, 'PUT', `${path}/status`, {
        ...mainStatus,
        spec: { size: 9 },
        status: { phase: 'ok' },
      });
      expect(viaStatus.body.status).toEqual({ phase: 'ok' });
      expect(viaStatus.body.spec).toEqual({ size: 1, color: 'blue' });
      expect(viaStatus.body.metadata.generation).toBe(1);
      const spec = (await call(sut, 'PUT', path, { ...viaStatus.body, spec: { size: 2 } })).body;
      expect(spec.metadata.generation).toBe(2);
      expect(spec.status).toEqual({ phase: 'ok' });
    },
  },
  {
    name: 'delete answers a Success Status with the uid',
    async run(sut) {
      const name = unique('del');
      const created = (await call(sut, 'POST', widgets(sut), widget(name))).body;
      const r = await call(sut, 'DELETE', `${widgets(sut)}/${name}`);
      expect(r.body).toEqual({
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Success',
        details: { name, group: 'test.kubekit.dev', kind: 'widgets', uid: created.metadata.uid },
      });
      expect((await call(sut, 'GET', `${widgets(sut)}/${name}`)).status).toBe(404);
    },
  },
  {
    name: 'delete waits for finalizers: deletionTimestamp first, gone when the last one is removed',
    async run(sut) {
      const name = unique('fin');
      const path = `${widgets(sut)}/${name}`;
      await call(sut, 'POST', widgets(sut), widget(name, {}, { finalizers: ['test.kubekit.dev/hold'] }));
      const deleting = await call(sut, 'DELETE', path);
      expect(deleting.status).toBe(200);
      expect(deleting.body.metadata.deletionTimestamp).toEqual(expect.any(String));
      expect(deleting.body.metadata.generation).toBe(2);
      const held = (await call(sut, 'GET', path)).body;
      expect(held.metadata.finalizers).toEqual(['test.kubekit.dev/hold']);
      const added = await call(sut, 'PUT', path, {
        ...held,
        metadata: { ...held.metadata, finalizers: ['test.kubekit.dev/hold', 'x/y'] },
      });
      expect(added.status).toBe(422);
      const released = await call(sut, 'PUT', path, { ...held, metadata: { ...held.metadata, finalizers: [] } });
      expect(released.status).toBe(200);
      expect((await call(sut, 'GET', path)).status).toBe(404);
    },
  },
  {
    name: 'dryRun=All answers the object without storing it; other dryRun values are 422',
    async run(sut) {
      const name = unique('dry');
      const r = await call(sut, 'POST', `${widgets(sut)}?dryRun=All`, widget(name));
      expect(r.status).toBe(201);
      expect(r.body.metadata.uid).toEqual(expect.any(String));
      expect(r.body.metadata.resourceVersion).toBeUndefined();
      expect((await call(sut, 'GET', `${widgets(sut)}/${name}`)).status).toBe(404);
      const bad = await call(sut, 'POST', `${widgets(sut)}?dryRun=Foo`, widget(name));
      expect(bad.body).toEqual(
        status(
          'Invalid',
          422,
          'CreateOptions.meta.k8s.io "" is invalid: dryRun: Unsupported value: ["Foo"]: supported values: "All"',
          {
            group: 'meta.k8s.io',
            kind: 'CreateOptions',
            causes: [
              {
                reason: 'FieldValueNotSupported',
                message: 'Unsupported value: ["Foo"]: supported values: "All"',
                field: 'dryRun',
              },
            ],
          },
        ),
      );
    },
  },
  {
    name: 'deletecollection deletes what the label selector picks, and nothing else',
    async run(sut) {
      const set = unique('dc');
      for (const [n, tier] of [
        ['a', 'x'],
        ['b', 'x'],
        ['c', 'y'],
      ]) {
        await call(sut, 'POST', widgets(sut), widget(`${set}-${n}`, {}, { labels: { set, tier } }));
      }
      const r = await call(sut, 'DELETE', `${widgets(sut)}?labelSelector=${encodeURIComponent(`set=${set},tier=x`)}`);
      expect(r.status).toBe(200);
      const left = (await call(sut, 'GET', `${widgets(sut)}?labelSelector=set%3D${set}`)).body;
      expect(left.items.map((i: { metadata: { name: string } }) => i.metadata.name)).toEqual([`${set}-c`]);
    },
  },
  {
    name: 'the scale subresource reads and writes spec.replicas',
    async run(sut) {
      const name = unique('sc');
      await call(sut, 'POST', widgets(sut), widget(name, { replicas: 1 }));
      const scale = await call(sut, 'GET', `${widgets(sut)}/${name}/scale`);
      expect(scale.body).toMatchObject({ kind: 'Scale', apiVersion: 'autoscaling/v1', spec: { replicas: 1 } });
      const put = await call(sut, 'PUT', `${widgets(sut)}/${name}/scale`, { ...scale.body, spec: { replicas: 3 } });
      expect(put.body.spec.replicas).toBe(3);
      expect((await call(sut, 'GET', `${widgets(sut)}/${name}`)).body.spec.replicas).toBe(3);
    },
  },
  {
    name: 'a delete whose uid or resourceVersion precondition fails is 409 with the real message',
    async run(sut) {
      const name = unique('pre');
      const path = `${core(sut, 'configmaps')}/${name}`;
      const created = (await call(sut, 'POST', core(sut, 'configmaps'), { metadata: { name } })).body;
      const uid = await call(sut, 'DELETE', path, { preconditions: { uid: 'not-the-uid' } });
      expect(uid.body).toEqual(
        status(
          'Conflict',
          409,
          `Operation cannot be fulfilled on ConfigMap "${name}": the UID in the precondition (not-the-uid) does not match the UID in record (${created.metadata.uid}). The object might have been deleted and then recreated`,
          { name, kind: 'ConfigMap' },
        ),
      );
      const rv = await call(sut, 'DELETE', path, { preconditions: { resourceVersion: '1' } });
      expect(rv.body.message).toBe(
        `Operation cannot be fulfilled on ConfigMap "${name}": the ResourceVersion in the precondition (1) does not match the ResourceVersion in record (${created.metadata.resourceVersion}). The object might have been modified`,
      );
      const ok = await call(sut, 'DELETE', path, { preconditions: { uid: created.metadata.uid } });
      expect(ok.body).toMatchObject({ kind: 'Status', status: 'Success' });
    },
  },
];
