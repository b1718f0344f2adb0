/**
 * The benchmark's Pods, shaped like a real cluster's: owned by a ReplicaSet, three containers (an
 * app, a sidecar and an init container) with env, resources, probes and volume mounts, a node, and a
 * status as a kubelet writes it (conditions, container statuses, IPs). Seeding creates Pod `i` as
 * `kube-controller-manager` would, then writes its status as `kubelet`, so each Pod has the
 * managedFields of two managers, as on a cluster. Pod `i` is named `w-<i>` with the labels and the
 * first-container image of Widget `i` (bench/support/widgets.ts), so the read scenarios find the same
 * names, label and image-index hits for either kind.
 *
 * Through the API server a Pod costs two writes (the server resets the status of a created Pod),
 * about 14 ms of CPU on this machine, most of it the server's managedFields bookkeeping: 150,000
 * Pods took hours. {@link seedPodsThroughEtcd} writes all but a few of them straight into the
 * server's etcd instead, as the API server would store them.
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { isDeepStrictEqual } from 'node:util';
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

/** Pods created through the API server before the rest are derived from the first of them. */
const THROUGH_API = 12;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
const isRecord = (v: unknown): v is Record<string, Json> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** `top` laid over `base`: objects member by member, arrays item by item, anything else replaced. */
function overlay(base: unknown, top: unknown): Json {
  if (Array.isArray(base) && Array.isArray(top)) return top.map((item, k) => overlay(base[k], item));
  if (isRecord(base) && isRecord(top)) {
    const out: Record<string, Json> = { ...base };
    for (const [key, value] of Object.entries(top)) out[key] = overlay(base[key], value);
    return out;
  }
  return top as Json;
}

/**
 * Pod `i` as the API server stores it, derived from `stored`, a Pod of this file that the server
 * stored: the values of {@link pod} and {@link podStatus} laid over it (so the server's defaults and
 * both managers' managedFields stay, as every Pod here has the same fields), with a fresh uid.
 */
export function storedPod(stored: KubeObject, i: number, namespace = NAMESPACE): KubeObject {
  const created = pod(i, namespace);
  // the server's defaults that copy a value: spec.serviceAccount is spec.serviceAccountName
  const spec = created.spec as { serviceAccountName?: string };
  const fresh = { ...created, spec: { ...spec, serviceAccount: spec.serviceAccountName }, status: podStatus(i) };
  const out = overlay(stored, fresh) as KubeObject;
  const { resourceVersion: _, managedFields, ...metadata } = out.metadata ?? {};
  // managedFields name the items of keyed lists by their key: the owner's uid, the Pod's IP
  let fields = JSON.stringify(managedFields);
  for (const [was, is] of [
    [stored.metadata?.ownerReferences?.[0]?.uid, fresh.metadata?.ownerReferences?.[0]?.uid],
    [(stored as { status?: { podIP?: string } }).status?.podIP, fresh.status.podIP as string],
  ]) {
    if (was && is) fields = fields.replaceAll(`:\\"${was}\\"`, `:\\"${is}\\"`);
  }
  return { ...out, metadata: { ...metadata, uid: randomUUID(), managedFields: JSON.parse(fields) } };
}

/** A Pod without what the server sets per object (uid, resourceVersion, times). */
function comparable(p: KubeObject): unknown {
  const { uid: _u, resourceVersion: _r, creationTimestamp: _c, managedFields, ...metadata } = p.metadata ?? {};
  return { ...p, metadata: { ...metadata, managedFields: managedFields?.map(({ time: _t, ...m }) => m) } };
}

/** The path of the first difference between `a` and `b`, or undefined when they are equal. */
function firstDifference(a: unknown, b: unknown, path = ''): string | undefined {
  if (isDeepStrictEqual(a, b)) return undefined;
  if (isRecord(a) && isRecord(b)) {
    for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
      const d = firstDifference(a[key], b[key], `${path}.${key}`);
      if (d) return d;
    }
  }
  if (Array.isArray(a) && Array.isArray(b) && a.length === b.length) {
    for (let k = 0; k < a.length; k++) {
      const d = firstDifference(a[k], b[k], `${path}[${k}]`);
      if (d) return d;
    }
  }
  return `${path || '.'}: ${JSON.stringify(a)?.slice(0, 200)} vs ${JSON.stringify(b)?.slice(0, 200)}`;
}

/** Where {@link seedPodsThroughEtcd} writes: the server's etcd and the etcd-seed program (bench/peers/etcd-seed). */
export interface EtcdTarget {
  /** The etcd client URL of the API server's storage, `http://127.0.0.1:<port>`. */
  url: string;
  /** Path of the built etcd-seed binary. */
  binary: string;
}

/**
 * Seeds Pods `[from, to)` like {@link seedPods}, but only the first few through the API server: the
 * rest are {@link storedPod}s of the first, put into etcd by etcd-seed (protobuf, as the server
 * stores Pods), which the server's watch cache then reads like any write. Before that it checks
 * that the Pods it derives equal the ones the server stored for the same index through the API
 * (all but uid, resourceVersion and times), and throws where they differ. Returns the time in ms.
 */
export async function seedPodsThroughEtcd(
  client: Client,
  etcd: EtcdTarget,
  from: number,
  to: number,
  namespace = NAMESPACE,
): Promise<number> {
  if (to - from <= 2 * THROUGH_API) return seedPods(client, from, to, namespace);
  const t = performance.now();
  await seedPods(client, from, from + THROUGH_API, namespace);
  const template = await client.get(Pod, `w-${from}`, { namespace });
  for (let j = from + 1; j < from + THROUGH_API; j++) {
    const stored = await client.get(Pod, `w-${j}`, { namespace });
    const difference = firstDifference(comparable(storedPod(template, j, namespace)), comparable(stored));
    if (difference)
      throw new Error(`Pod w-${j} derived from w-${from} is not the one the server stored: ${difference}`);
  }
  const child = spawn(etcd.binary, [etcd.url, 'pods'], { stdio: ['pipe', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-4000);
  });
  const exited = once(child, 'exit') as Promise<[number | null]>;
  for (let i = from + THROUGH_API; i < to; i++) {
    if (!child.stdin.write(`${JSON.stringify(storedPod(template, i, namespace))}\n`)) await once(child.stdin, 'drain');
  }
  child.stdin.end();
  const [code] = await exited;
  if (code !== 0) throw new Error(`etcd-seed exited with ${code}: ${stderr}`);
  // the server reads it back (a get without resourceVersion reads etcd)
  await client.get(Pod, `w-${to - 1}`, { namespace });
  return performance.now() - t;
}
