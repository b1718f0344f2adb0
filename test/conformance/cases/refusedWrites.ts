/** Conformance: writes the real server refuses — sizes, labels, options, malformed patches. */
import { expect } from '@jest/globals';
import { type ConformanceCase, call, core, failure, unique, widget, widgets } from '../support.js';

const configMap = (name: string, data: Record<string, string>, labels?: Record<string, string>) => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name, ...(labels ? { labels } : {}) },
  data,
});

export const refusedWriteCases: ConformanceCase[] = [
  {
    name: 'a request body over 3 MiB is 413 RequestEntityTooLarge',
    async run(sut) {
      const r = await call(
        sut,
        'POST',
        core(sut, 'configmaps'),
        configMap(unique('huge'), { a: 'x'.repeat(3 * 1024 * 1024) }),
      );
      expect(r.body).toEqual(failure('RequestEntityTooLarge', 413, 'Request entity too large: limit is 3145728'));
    },
  },
  {
    name: 'a ConfigMap with more than 1 MiB of data is 422',
    async run(sut) {
      const name = unique('big');
      const r = await call(sut, 'POST', core(sut, 'configmaps'), configMap(name, { a: 'x'.repeat(1024 * 1024 + 1) }));
      expect(r.status).toBe(422);
      expect(r.body).toMatchObject({ reason: 'Invalid', details: { name, kind: 'ConfigMap' } });
      expect(r.body.details.causes).toEqual([
        { reason: 'FieldValueTooLong', message: 'Too long: may not be more than 1048576 bytes', field: '[]' },
      ]);
    },
  },
  {
    name: 'an invalid label key is 422 naming metadata.labels',
    async run(sut) {
      const name = unique('badlabel');
      const r = await call(sut, 'POST', core(sut, 'configmaps'), configMap(name, {}, { 'bad key': 'v' }));
      const message =
        "Invalid value: \"bad key\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
      expect(r.body).toEqual(
        failure('Invalid', 422, `ConfigMap "${name}" is invalid: metadata.labels: ${message}`, {
          name,
          kind: 'ConfigMap',
          causes: [{ reason: 'FieldValueInvalid', message, field: 'metadata.labels' }],
        }),
      );
    },
  },
  {
    name: 'an invalid label value on a custom resource is 422 too',
    async run(sut) {
      const name = unique('badvalue');
      const r = await call(sut, 'POST', widgets(sut), widget(name, {}, { labels: { ok: '-bad-' } }));
      expect(r.status).toBe(422);
      expect(r.body.details.causes).toContainEqual(expect.objectContaining({ field: 'metadata.labels' }));
    },
  },
  {
    name: 'fieldValidation=Bogus is refused',
    async run(sut) {
      const r = await call(
        sut,
        'POST',
        `${core(sut, 'configmaps')}?fieldValidation=Bogus`,
        configMap(unique('fv'), {}),
      );
      expect(r.body).toEqual(
        failure(
          'Invalid',
          422,
          'CreateOptions.meta.k8s.io "" is invalid: fieldValidation: Unsupported value: "Bogus": supported values: "", "Ignore", "Strict", "Warn"',
          {
            group: 'meta.k8s.io',
            kind: 'CreateOptions',
            causes: [
              {
                reason: 'FieldValueNotSupported',
                message: 'Unsupported value: "Bogus": supported values: "", "Ignore", "Strict", "Warn"',
                field: 'fieldValidation',
              },
            ],
          },
        ),
      );
    },
  },
  {
    name: 'a JSON Patch operation without a path is 422',
    async run(sut) {
      const name = unique('nopath');
      await call(sut, 'POST', core(sut, 'configmaps'), configMap(name, { a: '1' }));
      const r = await call(sut, 'PATCH', `${core(sut, 'configmaps')}/${name}`, [{ op: 'add', value: 1 }], {
        contentType: 'application/json-patch+json',
      });
      expect(r.body).toEqual(
        failure('Invalid', 422, 'the server rejected our request due to an error in our request', {}),
      );
    },
  },
  {
    name: 'a failed JSON Patch test operation is 422 with the real message',
    async run(sut) {
      const name = unique('jptest');
      await call(sut, 'POST', core(sut, 'configmaps'), configMap(name, { a: '1' }));
      const r = await call(
        sut,
        'PATCH',
        `${core(sut, 'configmaps')}/${name}`,
        [{ op: 'test', path: '/data/a', value: '2' }],
        {
          contentType: 'application/json-patch+json',
        },
      );
      expect(r.body).toEqual(
        failure('Invalid', 422, 'the server rejected our request due to an error in our request', {}),
      );
    },
  },
  {
    name: 'a JSON Patch replace of a missing map key adds it, as the real server does',
    async run(sut) {
      const name = unique('jprep');
      await call(sut, 'POST', core(sut, 'configmaps'), configMap(name, { a: '1' }));
      const r = await call(
        sut,
        'PATCH',
        `${core(sut, 'configmaps')}/${name}`,
        [{ op: 'replace', path: '/data/b', value: '2' }],
        {
          contentType: 'application/json-patch+json',
        },
      );
      expect(r.status).toBe(200);
      expect(r.body.data).toEqual({ a: '1', b: '2' });
    },
  },
  {
    name: 'an apply of null is 400',
    async run(sut) {
      const name = unique('applynull');
      await call(sut, 'POST', core(sut, 'configmaps'), configMap(name, { a: '1' }));
      const r = await call(sut, 'PATCH', `${core(sut, 'configmaps')}/${name}?fieldManager=m`, null, {
        contentType: 'application/apply-patch+yaml',
      });
      expect(r.body).toEqual(failure('BadRequest', 400, 'invalid object type: /, Kind='));
    },
  },
  {
    name: 'force on a patch that is not an apply is 422',
    async run(sut) {
      const name = unique('force');
      await call(sut, 'POST', core(sut, 'configmaps'), configMap(name, { a: '1' }));
      const r = await call(
        sut,
        'PATCH',
        `${core(sut, 'configmaps')}/${name}?force=true`,
        { data: { b: '2' } },
        {
          contentType: 'application/merge-patch+json',
        },
      );
      expect(r.body).toEqual(
        failure(
          'Invalid',
          422,
          'PatchOptions.meta.k8s.io "" is invalid: force: Forbidden: may not be specified for non-apply patch',
          {
            group: 'meta.k8s.io',
            kind: 'PatchOptions',
            causes: [
              {
                reason: 'FieldValueForbidden',
                message: 'Forbidden: may not be specified for non-apply patch',
                field: 'force',
              },
            ],
          },
        ),
      );
    },
  },
  {
    name: 'a Service name must be a DNS label; a Service without ports is 422',
    async run(sut) {
      const bad = await call(sut, 'POST', core(sut, 'services'), {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name: 'Bad' },
        spec: { ports: [{ port: 80 }] },
      });
      expect(bad.body.details.causes).toEqual([
        {
          reason: 'FieldValueInvalid',
          message:
            "Invalid value: \"Bad\": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')",
          field: 'metadata.name',
        },
      ]);
      const name = unique('noports');
      const none = await call(sut, 'POST', core(sut, 'services'), {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name },
      });
      expect(none.body.message).toBe(`Service "${name}" is invalid: spec.ports: Required value`);
    },
  },
  {
    name: 'an RBAC name is a path segment: every forbidden character is its own cause',
    async run(sut) {
      const bad = await call(sut, 'POST', '/apis/rbac.authorization.k8s.io/v1/clusterroles', {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'ClusterRole',
        metadata: { name: 'system:a/b%c' },
      });
      expect([bad.status, bad.body.details.causes]).toEqual([
        422,
        [
          {
            reason: 'FieldValueInvalid',
            message: 'Invalid value: "system:a/b%c": may not contain \'/\'',
            field: 'metadata.name',
          },
          {
            reason: 'FieldValueInvalid',
            message: 'Invalid value: "system:a/b%c": may not contain \'%\'',
            field: 'metadata.name',
          },
        ],
      ]);
    },
  },
  {
    name: 'a PersistentVolumeClaim without access modes or size is 422 naming both',
    async run(sut) {
      const name = unique('pvc');
      const r = await call(sut, 'POST', core(sut, 'persistentvolumeclaims'), {
        apiVersion: 'v1',
        kind: 'PersistentVolumeClaim',
        metadata: { name },
        spec: {},
      });
      expect(r.body.message).toBe(
        `PersistentVolumeClaim "${name}" is invalid: [spec.accessModes: Required value: at least 1 access mode is required, spec.resources[storage]: Required value]`,
      );
    },
  },
  {
    name: 'fields a built-in kind does not have are dropped with a warning, or refused with fieldValidation=Strict',
    async run(sut) {
      const name = unique('unknown');
      const warned = await call(sut, 'POST', core(sut, 'configmaps'), {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name, colour: 'red' },
        data: { a: '1' },
        extra: true,
      });
      expect(warned.status).toBe(201);
      expect(warned.headers.warning).toBe(
        '299 - "unknown field \\"metadata.colour\\"", 299 - "unknown field \\"extra\\""',
      );
      expect(warned.body.extra).toBeUndefined();
      expect(warned.body.metadata.colour).toBeUndefined();
      const strict = await call(sut, 'POST', `${core(sut, 'pods')}?fieldValidation=Strict`, {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: unique('strict') },
        spec: { containers: [{ name: 'web', image: 'nginx:1.27', colour: 'red' }], extra: 1 },
      });
      expect(strict.body).toEqual(
        failure(
          'BadRequest',
          400,
          'Pod in version "v1" cannot be handled as a Pod: strict decoding error: unknown field "spec.containers[0].colour", unknown field "spec.extra"',
        ),
      );
    },
  },
  {
    name: 'a value of the wrong JSON type in a built-in object is 400, worded as Go decodes it',
    async run(sut) {
      const r = await call(sut, 'POST', core(sut, 'deployments', 'apps/v1'), {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: unique('typed') },
        spec: { replicas: 'three' },
      });
      expect(r.body).toEqual(
        failure(
          'BadRequest',
          400,
          'Deployment in version "v1" cannot be handled as a Deployment: json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32',
        ),
      );
    },
  },
  {
    name: 'an apply naming a field the kind does not have fails (500, as the real server)',
    async run(sut) {
      const name = unique('applyunknown');
      const r = await call(
        sut,
        'PATCH',
        `${core(sut, 'configmaps')}/${name}?fieldManager=m`,
        { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, extra: 1 },
        { contentType: 'application/apply-patch+yaml' },
      );
      expect(r.body).toEqual({
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Failure',
        message: `failed to create typed patch object (/${name}; /v1, Kind=ConfigMap): .extra: field not declared in schema`,
        code: 500,
      });
    },
  },
];
