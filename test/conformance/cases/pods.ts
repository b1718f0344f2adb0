/** Conformance: Pods — validation, defaults, graceful deletion, and what `/status` may change. */
import { expect } from '@jest/globals';
import { type ConformanceCase, call, core, failure, pod, unique } from '../support.js';

const LABEL_MESSAGE =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";

export const podCases: ConformanceCase[] = [
  {
    name: 'a Pod whose container has a bad name and no image is 422 naming both fields',
    async run(sut) {
      const name = unique('badpod');
      const r = await call(sut, 'POST', core(sut, 'pods'), pod(name, { containers: [{ name: 'Bad_Name' }] }));
      expect(r.body).toEqual(
        failure(
          'Invalid',
          422,
          `Pod "${name}" is invalid: [spec.containers[0].name: Invalid value: "Bad_Name": ${LABEL_MESSAGE}, spec.containers[0].image: Required value]`,
          {
            name,
            kind: 'Pod',
            causes: [
              {
                reason: 'FieldValueInvalid',
                message: `Invalid value: "Bad_Name": ${LABEL_MESSAGE}`,
                field: 'spec.containers[0].name',
              },
              { reason: 'FieldValueRequired', message: 'Required value', field: 'spec.containers[0].image' },
            ],
          },
        ),
      );
    },
  },
  {
    name: 'a Pod without containers is 422 spec.containers: Required value',
    async run(sut) {
      const name = unique('nocontainers');
      const r = await call(sut, 'POST', core(sut, 'pods'), pod(name, { containers: [] }));
      expect(r.body).toEqual(
        failure('Invalid', 422, `Pod "${name}" is invalid: spec.containers: Required value`, {
          name,
          kind: 'Pod',
          causes: [{ reason: 'FieldValueRequired', message: 'Required value', field: 'spec.containers' }],
        }),
      );
    },
  },
  {
    name: 'a new Pod gets the defaults of its spec and containers, phase Pending and its QoS class',
    async run(sut) {
      const name = unique('defaults');
      const r = await call(sut, 'POST', core(sut, 'pods'), pod(name));
      expect(r.status).toBe(201);
      expect(r.body.metadata.generation).toBe(1);
      expect(r.body.spec).toEqual({
        containers: [
          {
            name: 'web',
            image: 'nginx:1.27',
            imagePullPolicy: 'IfNotPresent',
            resources: {},
            terminationMessagePath: '/dev/termination-log',
            terminationMessagePolicy: 'File',
          },
        ],
        dnsPolicy: 'ClusterFirst',
        enableServiceLinks: true,
        preemptionPolicy: 'PreemptLowerPriority',
        priority: 0,
        restartPolicy: 'Always',
        schedulerName: 'default-scheduler',
        securityContext: {},
        terminationGracePeriodSeconds: 30,
        tolerations: [
          { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
          { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
        ],
      });
      expect(r.body.status).toEqual({ phase: 'Pending', qosClass: 'BestEffort' });
    },
  },
  {
    name: 'an image without a tag (or :latest) is pulled Always; requests default to limits',
    async run(sut) {
      const name = unique('latest');
      const limits = { cpu: '100m', memory: '64Mi' };
      const r = await call(
        sut,
        'POST',
        core(sut, 'pods'),
        pod(name, { containers: [{ name: 'web', image: 'nginx', resources: { limits } }] }),
      );
      expect(r.body.spec.containers[0]).toMatchObject({
        imagePullPolicy: 'Always',
        resources: { limits, requests: limits },
      });
      expect(r.body.status.qosClass).toBe('Guaranteed');
    },
  },
  {
    name: 'deleting a Pod on no node answers the Pod and removes it',
    async run(sut) {
      const name = unique('del');
      const created = (await call(sut, 'POST', core(sut, 'pods'), pod(name))).body;
      const r = await call(sut, 'DELETE', `${core(sut, 'pods')}/${name}`);
      expect(r.status).toBe(200);
      expect(r.body).toMatchObject({
        kind: 'Pod',
        apiVersion: 'v1',
        metadata: { name, uid: created.metadata.uid, deletionGracePeriodSeconds: 0 },
      });
      expect(r.body.metadata.deletionTimestamp).toEqual(expect.any(String));
      expect((await call(sut, 'GET', `${core(sut, 'pods')}/${name}`)).status).toBe(404);
    },
  },
  {
    name: 'deleting a Pod bound to a node keeps it for its grace period (30 s); gracePeriodSeconds=0 removes it',
    async run(sut) {
      const name = unique('bound');
      const path = `${core(sut, 'pods')}/${name}`;
      await call(sut, 'POST', core(sut, 'pods'), pod(name, { nodeName: 'node-1' }));
      const before = Date.now();
      const r = await call(sut, 'DELETE', path);
      expect(r.status).toBe(200);
      expect(r.body.kind).toBe('Pod');
      expect(r.body.metadata.deletionGracePeriodSeconds).toBe(30);
      expect(r.body.metadata.generation).toBe(2);
      const at = Date.parse(r.body.metadata.deletionTimestamp);
      expect(at).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000 + 29_000);
      const kept = await call(sut, 'GET', path);
      expect(kept.body.metadata.deletionTimestamp).toBe(r.body.metadata.deletionTimestamp);
      // Deleting again changes nothing.
      const again = await call(sut, 'DELETE', path);
      expect(again.body.metadata.resourceVersion).toBe(kept.body.metadata.resourceVersion);
      const now = await call(sut, 'DELETE', `${path}?gracePeriodSeconds=0`);
      expect(now.status).toBe(200);
      expect(now.body.metadata.deletionGracePeriodSeconds).toBe(0);
      expect((await call(sut, 'GET', path)).status).toBe(404);
    },
  },
  {
    name: 'a write to pods/status keeps its label changes but not spec or owner reference changes',
    async run(sut) {
      const name = unique('podstatus');
      const path = `${core(sut, 'pods')}/${name}`;
      const created = (await call(sut, 'POST', core(sut, 'pods'), pod(name))).body;
      const r = await call(sut, 'PUT', `${path}/status`, {
        ...created,
        metadata: {
          ...created.metadata,
          labels: { from: 'status' },
          ownerReferences: [
            { apiVersion: 'v1', kind: 'ConfigMap', name: 'x', uid: '00000000-0000-4000-8000-000000000000' },
          ],
        },
        spec: { ...created.spec, activeDeadlineSeconds: 5 },
        status: { ...created.status, phase: 'Running' },
      });
      expect(r.status).toBe(200);
      expect(r.body.status.phase).toBe('Running');
      expect(r.body.metadata.labels).toEqual({ from: 'status' });
      expect(r.body.metadata.ownerReferences).toBeUndefined();
      expect(r.body.spec.activeDeadlineSeconds).toBeUndefined();
    },
  },
  {
    name: 'a write to a Pod keeps its status; a spec change bumps generation',
    async run(sut) {
      const name = unique('podmain');
      const path = `${core(sut, 'pods')}/${name}`;
      const created = (await call(sut, 'POST', core(sut, 'pods'), pod(name))).body;
      const r = await call(sut, 'PUT', path, {
        ...created,
        spec: { ...created.spec, activeDeadlineSeconds: 60 },
        status: { phase: 'Succeeded' },
      });
      expect(r.status).toBe(200);
      expect(r.body.status.phase).toBe('Pending');
      expect(r.body.metadata.generation).toBe(2);
    },
  },
];
