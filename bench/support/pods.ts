/**
 * The benchmark's Pods, shaped like a real cluster's: owned by a ReplicaSet, three containers (an
 * app, a sidecar and an init container) with env, resources, probes and volume mounts, a node, and a
 * status as a kubelet writes it (conditions, container statuses, IPs). Seeding creates Pod `i` as
 * `kube-controller-manager` would, then writes its status as `kubelet`, so each Pod has the
 * managedFields of two managers, as on a cluster. Pod `i` is named `w-<i>` with the labels and the
 * first-container image of Widget `i` (bench/support/widgets.ts), so the read scenarios find the same
 * names, label and image-index hits for either kind.
 */
import type { Client } from '@kubekit/client';
import { defineKind, type KubeObject } from '@kubekit/core';
import { ensureNamespace, inParallel, NAMESPACE } from './widgets.ts';

/** The Pod kind, as the benchmark reads it. */
export type Pod = KubeObject & { spec?: { nodeName?: string; containers?: Array<{ image?: string }> } };

/** The Pod kind. */
export const Pod = defineKind<Pod>({ apiVersion: 'v1', kind: 'Pod', plural: 'pods', scope: 'Namespaced' });

const probe = (path: string, period: number) => ({
  httpGet: { path, port: 8080, scheme: 'HTTP' },
  initialDelaySeconds: 5,
  periodSeconds: period,
  timeoutSeconds: 1,
  successThreshold: 1,
  failureThreshold: 3,
});

/** Pod `i` as its ReplicaSet's controller creates it. */
export function pod(i: number, namespace = NAMESPACE): KubeObject & { spec: object } {
  const tier = ['web', 'api', 'db'][i % 3] ?? 'web';
  const rs = `${tier}-${i % 50}-7d9f8b6c5`;
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: `w-${i}`,
      namespace,
      generateName: `${rs}-`,
      labels: {
        app: 'bench',
        shard: `${i % 10}`,
        tier,
        'app.kubernetes.io/version': `1.${i % 20}.0`,
        'pod-template-hash': '7d9f8b6c5',
      },
      annotations: {
        'kubectl.kubernetes.io/restartedAt': '2026-11-20T10:00:00Z',
        'prometheus.io/scrape': 'true',
        'prometheus.io/port': '9090',
      },
      ownerReferences: [
        {
          apiVersion: 'apps/v1',
          kind: 'ReplicaSet',
          name: rs,
          uid: `6f1c2b9e-0000-4000-8000-${String(i % 50).padStart(12, '0')}`,
          controller: true,
          blockOwnerDeletion: true,
        },
      ],
    },
    spec: {
      nodeName: `node-${i % 500}`,
      serviceAccountName: `${tier}-sa`,
      restartPolicy: 'Always',
      terminationGracePeriodSeconds: 30,
      dnsPolicy: 'ClusterFirst',
      schedulerName: 'default-scheduler',
      securityContext: { runAsNonRoot: true, runAsUser: 1000, fsGroup: 2000 },
      initContainers: [
        {
          name: 'init-config',
          image: 'registry.example.com/bench/init:2.1.0',
          command: ['/bin/sh', '-c', 'cp /defaults/* /config/'],
          volumeMounts: [{ name: 'config', mountPath: '/config' }],
          resources: { requests: { cpu: '10m', memory: '16Mi' } },
        },
      ],
      containers: [
        {
          name: 'app',
          image: `registry.example.com/bench/${tier}:1.${i % 20}.${i % 3}`,
          imagePullPolicy: 'IfNotPresent',
          ports: [
            { name: 'http', containerPort: 8080, protocol: 'TCP' },
            { name: 'metrics', containerPort: 9090, protocol: 'TCP' },
          ],
          env: [
            ...Array.from({ length: 6 }, (_, k) => ({ name: `SETTING_${k}`, value: `value-${(i * 7 + k) % 1000}` })),
            { name: 'POD_NAME', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.name' } } },
            { name: 'POD_IP', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'status.podIP' } } },
          ],
          resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '500m', memory: '512Mi' } },
          livenessProbe: probe('/healthz', 10),
          readinessProbe: probe('/readyz', 5),
          volumeMounts: [{ name: 'config', mountPath: '/etc/app', readOnly: true }],
          terminationMessagePath: '/dev/termination-log',
          terminationMessagePolicy: 'File',
        },
        {
          name: 'proxy',
          image: 'registry.example.com/bench/proxy:1.30.2',
          args: ['--listen=:15001', '--upstream=127.0.0.1:8080'],
          ports: [{ name: 'proxy', containerPort: 15001, protocol: 'TCP' }],
          env: [{ name: 'LOG_LEVEL', value: 'warn' }],
          resources: { requests: { cpu: '20m', memory: '32Mi' }, limits: { memory: '64Mi' } },
          readinessProbe: probe('/ready', 10),
        },
      ],
      volumes: [{ name: 'config', configMap: { name: `${tier}-config`, defaultMode: 420 } }],
      tolerations: [
        { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
        { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
      ],
    },
  };
}

/** The status of Pod `i` as its kubelet writes it, running. */
export function podStatus(i: number): Record<string, unknown> {
  const at = '2026-11-20T10:00:00Z';
  const ip = `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;
  const running = (name: string, image: string) => ({
    name,
    image,
    imageID: `${image}@sha256:${'ab12'.repeat(16)}`,
    containerID: `containerd://${(i * 2654435761).toString(16).padStart(16, '0').repeat(4)}`,
    ready: true,
    started: true,
    restartCount: i % 3,
    state: { running: { startedAt: at } },
  });
  const tier = ['web', 'api', 'db'][i % 3] ?? 'web';
  return {
    phase: 'Running',
    qosClass: 'Burstable',
    hostIP: `192.168.${(i % 500) >> 8}.${(i % 500) & 255}`,
    podIP: ip,
    podIPs: [{ ip }],
    startTime: at,
    conditions: ['PodReadyToStartContainers', 'Initialized', 'Ready', 'ContainersReady', 'PodScheduled'].map(
      (type) => ({ type, status: 'True', lastProbeTime: null, lastTransitionTime: at }),
    ),
    initContainerStatuses: [
      {
        name: 'init-config',
        image: 'registry.example.com/bench/init:2.1.0',
        imageID: `registry.example.com/bench/init@sha256:${'cd34'.repeat(16)}`,
        ready: true,
        restartCount: 0,
        state: { terminated: { exitCode: 0, reason: 'Completed', startedAt: at, finishedAt: at } },
      },
    ],
    containerStatuses: [
      running('app', `registry.example.com/bench/${tier}:1.${i % 20}.${i % 3}`),
      running('proxy', 'registry.example.com/bench/proxy:1.30.2'),
    ],
  };
}

/**
 * Creates Pods `[from, to)` in `namespace` (and the namespace) as `kube-controller-manager`, then
 * writes each one's status as `kubelet`; returns the time it took in ms.
 */
export async function seedPods(client: Client, from: number, to: number, namespace = NAMESPACE): Promise<number> {
  await ensureNamespace(client, namespace);
  const t = performance.now();
  await inParallel(from, to, async (i) => {
    await client.create(pod(i, namespace), { fieldManager: 'kube-controller-manager' });
    await client
      .status()
      .patch(Pod, `w-${i}`, { type: 'merge', patch: { status: podStatus(i) } }, { namespace, fieldManager: 'kubelet' });
  });
  return performance.now() - t;
}
