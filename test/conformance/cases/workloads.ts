/** Conformance: Deployments and other workloads — defaults, validation, scale, status writes. */
import { expect } from '@jest/globals';
import { type ConformanceCase, call, core, deployment, unique } from '../support.js';

const deployments = (sut: Parameters<typeof core>[0]) => core(sut, 'deployments', 'apps/v1');

export const workloadCases: ConformanceCase[] = [
  {
    name: 'a Deployment gets its defaults and its pod template the pod spec defaults',
    async run(sut) {
      const name = unique('dep');
      const r = await call(sut, 'POST', deployments(sut), deployment(name));
      expect(r.status).toBe(201);
      expect(r.body.metadata.generation).toBe(1);
      expect(r.body.spec).toEqual({
        replicas: 1,
        selector: { matchLabels: { app: name } },
        template: {
          metadata: { labels: { app: name } },
          spec: {
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
            restartPolicy: 'Always',
            schedulerName: 'default-scheduler',
            securityContext: {},
            terminationGracePeriodSeconds: 30,
          },
        },
        strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '25%', maxSurge: '25%' } },
        revisionHistoryLimit: 10,
        progressDeadlineSeconds: 600,
      });
      expect(r.body.status).toEqual({});
    },
  },
  {
    name: 'a Deployment whose selector does not select its template is 422',
    async run(sut) {
      const name = unique('depsel');
      const body = deployment(name, { selector: { matchLabels: { app: 'other' } } });
      const r = await call(sut, 'POST', deployments(sut), body);
      expect(r.status).toBe(422);
      expect(r.body.details.causes).toEqual([
        {
          reason: 'FieldValueInvalid',
          message: `Invalid value: {"app":"${name}"}: \`selector\` does not match template \`labels\``,
          field: 'spec.template.metadata.labels',
        },
      ]);
    },
  },
  {
    name: 'a Deployment template whose Pods restart Never is 422',
    async run(sut) {
      const name = unique('depnever');
      const body = deployment(name);
      (body.spec.template.spec as Record<string, unknown>).restartPolicy = 'Never';
      const r = await call(sut, 'POST', deployments(sut), body);
      expect(r.status).toBe(422);
      expect(r.body.details.causes).toEqual([
        {
          reason: 'FieldValueNotSupported',
          message: 'Unsupported value: "Never": supported values: "Always"',
          field: 'spec.template.spec.restartPolicy',
        },
      ]);
    },
  },
  {
    name: 'deployments/scale shows spec.replicas and the selector; writing it changes the Deployment',
    async run(sut) {
      const name = unique('depscale');
      const path = `${deployments(sut)}/${name}`;
      const created = (await call(sut, 'POST', deployments(sut), deployment(name, { replicas: 2 }))).body;
      const scale = await call(sut, 'GET', `${path}/scale`);
      expect(scale.body).toEqual({
        kind: 'Scale',
        apiVersion: 'autoscaling/v1',
        metadata: {
          name,
          namespace: sut.namespace,
          uid: created.metadata.uid,
          resourceVersion: created.metadata.resourceVersion,
          creationTimestamp: created.metadata.creationTimestamp,
        },
        spec: { replicas: 2 },
        status: { replicas: 0, selector: `app=${name}` },
      });
      const put = await call(sut, 'PUT', `${path}/scale`, { ...scale.body, spec: { replicas: 5 } });
      expect(put.body.spec.replicas).toBe(5);
      const after = (await call(sut, 'GET', path)).body;
      expect(after.spec.replicas).toBe(5);
      expect(after.metadata.generation).toBe(2);
    },
  },
  {
    name: 'a write to deployments/status changes status only: spec and label changes are dropped',
    async run(sut) {
      const name = unique('depstatus');
      const path = `${deployments(sut)}/${name}`;
      const created = (await call(sut, 'POST', deployments(sut), deployment(name))).body;
      const r = await call(sut, 'PUT', `${path}/status`, {
        ...created,
        metadata: { ...created.metadata, labels: { from: 'status' }, annotations: { kept: 'yes' } },
        spec: { ...created.spec, replicas: 7 },
        status: { observedGeneration: 1, replicas: 1 },
      });
      expect(r.status).toBe(200);
      expect(r.body.status).toEqual({ observedGeneration: 1, replicas: 1 });
      expect(r.body.spec.replicas).toBe(1);
      expect(r.body.metadata.labels).toBeUndefined();
      expect(r.body.metadata.annotations).toEqual({ kept: 'yes' });
    },
  },
  {
    name: 'a Job gets a selector on its uid and the matching template labels',
    async run(sut) {
      const name = unique('job');
      const r = await call(sut, 'POST', core(sut, 'jobs', 'batch/v1'), {
        apiVersion: 'batch/v1',
        kind: 'Job',
        metadata: { name },
        spec: {
          template: { spec: { restartPolicy: 'Never', containers: [{ name: 'run', image: 'busybox:1.36' }] } },
        },
      });
      expect(r.status).toBe(201);
      const uid = r.body.metadata.uid;
      expect(r.body.spec).toMatchObject({
        selector: { matchLabels: { 'batch.kubernetes.io/controller-uid': uid } },
        completions: 1,
        parallelism: 1,
        backoffLimit: 6,
        completionMode: 'NonIndexed',
        suspend: false,
        manualSelector: false,
        podReplacementPolicy: 'TerminatingOrFailed',
      });
      expect(r.body.spec.template.metadata.labels).toEqual({
        'batch.kubernetes.io/controller-uid': uid,
        'batch.kubernetes.io/job-name': name,
        'controller-uid': uid,
        'job-name': name,
      });
    },
  },
  {
    name: 'a Deployment without a selector is 422 naming the selector and the template labels',
    async run(sut) {
      const name = unique('depnosel');
      const body = deployment(name);
      delete (body.spec as { selector?: unknown }).selector;
      const r = await call(sut, 'POST', deployments(sut), body);
      expect(r.body.message).toBe(
        `Deployment.apps "${name}" is invalid: [spec.selector: Required value, spec.template.metadata.labels: Invalid value: {"app":"${name}"}: \`selector\` does not match template \`labels\`]`,
      );
    },
  },
  {
    name: 'a DaemonSet counts template changes in its template generation annotation',
    async run(sut) {
      const name = unique('ds');
      const path = `${core(sut, 'daemonsets', 'apps/v1')}/${name}`;
      const { spec } = deployment(name);
      const created = await call(sut, 'POST', core(sut, 'daemonsets', 'apps/v1'), {
        apiVersion: 'apps/v1',
        kind: 'DaemonSet',
        metadata: { name },
        spec: { selector: spec.selector, template: spec.template },
      });
      expect(created.body.metadata.annotations).toEqual({ 'deprecated.daemonset.template.generation': '1' });
      const merge = { contentType: 'application/merge-patch+json' };
      const history = await call(sut, 'PATCH', path, { spec: { revisionHistoryLimit: 3 } }, merge);
      expect(history.body.metadata.annotations['deprecated.daemonset.template.generation']).toBe('1');
      expect(history.body.metadata.generation).toBe(2);
      const image = await call(
        sut,
        'PATCH',
        path,
        { spec: { template: { metadata: { labels: { app: name, tier: 'x' } } } } },
        merge,
      );
      expect(image.body.metadata.annotations['deprecated.daemonset.template.generation']).toBe('2');
      expect(image.body.metadata.generation).toBe(3);
    },
  },
];
