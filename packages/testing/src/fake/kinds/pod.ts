import type { KindStrategy } from '../engine/resourceRegistry.js';
import type { FakeObject, StoredObject } from '../engine/types.js';
import { defaultPodSpec, isJsonObject, qosClassOf, validatePodSpec } from './podSpec.js';

/** Tolerations the DefaultTolerationSeconds admission adds to every new Pod. */
const DEFAULT_TOLERATIONS = ['node.kubernetes.io/not-ready', 'node.kubernetes.io/unreachable'].map((key) => ({
  key,
  operator: 'Exists',
  effect: 'NoExecute',
  tolerationSeconds: 300,
}));

function specOf(obj: FakeObject): Record<string, unknown> {
  if (!isJsonObject(obj.spec)) obj.spec = {};
  return obj.spec as Record<string, unknown>;
}

/** Pod-only defaults: service links, and requests copied from limits. */
function defaultPod(obj: FakeObject): void {
  const spec = specOf(obj);
  spec.enableServiceLinks ??= true;
  for (const list of [spec.containers, spec.initContainers]) {
    for (const c of Array.isArray(list) ? list : []) {
      const resources = isJsonObject(c) && isJsonObject(c.resources) ? c.resources : undefined;
      if (!resources || !isJsonObject(resources.limits)) continue;
      resources.requests = { ...resources.limits, ...(isJsonObject(resources.requests) ? resources.requests : {}) };
    }
  }
  defaultPodSpec(spec);
}

/** What the admission plugins of a default kube-apiserver add to a new Pod: priority and tolerations. */
function admitPod(spec: Record<string, unknown>): void {
  spec.priority ??= 0;
  spec.preemptionPolicy ??= 'PreemptLowerPriority';
  const tolerations = Array.isArray(spec.tolerations) ? [...spec.tolerations] : [];
  for (const t of DEFAULT_TOLERATIONS) {
    const has = tolerations.some(
      (x) =>
        isJsonObject(x) &&
        (x.key === t.key || x.key === undefined) &&
        (x.effect === 'NoExecute' || x.effect === undefined) &&
        (x.operator === 'Exists' || x.key !== undefined),
    );
    if (!has) tolerations.push({ ...t });
  }
  spec.tolerations = tolerations;
}

/** How long a Pod delete waits: its grace period when bound to a node and still running, else 0. */
function podGracePeriod(pod: StoredObject, requested: number | undefined): number {
  const spec = (pod.spec ?? {}) as { nodeName?: string; terminationGracePeriodSeconds?: number };
  const phase = (pod.status as { phase?: string } | undefined)?.phase;
  let period = requested ?? spec.terminationGracePeriodSeconds ?? 0;
  if (!spec.nodeName) period = 0;
  if (phase === 'Failed' || phase === 'Succeeded') period = 0;
  return period < 0 ? 1 : period;
}

/** Pods: defaults and admission on create, spec validation, graceful deletion, and what `/status` may change. */
export const podStrategy: KindStrategy = {
  applyDefaults: defaultPod,
  prepareForCreate: (obj) => {
    const spec = specOf(obj);
    admitPod(spec);
    obj.status = { phase: 'Pending', qosClass: qosClassOf(spec) };
  },
  validate: (obj) => validatePodSpec(obj.spec, 'spec'),
  statusResets: ['spec', 'metadata.ownerReferences'],
  gracePeriodSeconds: podGracePeriod,
  returnsDeletedObject: true,
};
