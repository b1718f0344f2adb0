import type { KindStrategy } from '../engine/resourceRegistry.js';
import { isJsonObject } from './podSpec.js';

/** LimitRanges, HorizontalPodAutoscalers, PodDisruptionBudgets and PriorityClasses: their defaults. */

/** LimitRanges: a Container limit's default from max, its default request from default, then min. */
export const limitRangeStrategy: KindStrategy = {
  applyDefaults: (obj) => {
    const spec = isJsonObject(obj.spec) ? obj.spec : {};
    for (const item of Array.isArray(spec.limits) ? spec.limits : []) {
      if (!isJsonObject(item) || item.type !== 'Container') continue;
      const def = { ...(item.max as object), ...(item.default as object) } as Record<string, unknown>;
      const request = { ...(item.min as object), ...def, ...(item.defaultRequest as object) };
      item.default = def;
      item.defaultRequest = request;
    }
  },
};

/** HorizontalPodAutoscalers (v2): minReplicas 1, a CPU utilization target of 80 % when no metric is given. */
export const horizontalPodAutoscalerStrategy: KindStrategy = {
  applyDefaults: (obj) => {
    if (!isJsonObject(obj.spec)) obj.spec = {};
    const spec = obj.spec as Record<string, unknown>;
    spec.minReplicas ??= 1;
    if (!Array.isArray(spec.metrics) || spec.metrics.length === 0) {
      spec.metrics = [
        { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } },
      ];
    }
  },
  prepareForCreate: (obj) => {
    obj.status = { desiredReplicas: 0, currentMetrics: null };
  },
  statusResets: ['spec'],
};

/** PodDisruptionBudgets: a status of zeros at creation. */
export const podDisruptionBudgetStrategy: KindStrategy = {
  prepareForCreate: (obj) => {
    obj.status = { disruptionsAllowed: 0, currentHealthy: 0, desiredHealthy: 0, expectedPods: 0 };
  },
  statusResets: ['spec'],
};

/** PriorityClasses: preemptionPolicy PreemptLowerPriority. */
export const priorityClassStrategy: KindStrategy = {
  applyDefaults: (obj) => {
    obj.preemptionPolicy ??= 'PreemptLowerPriority';
  },
};
