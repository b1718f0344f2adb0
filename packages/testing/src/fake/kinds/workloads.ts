import type { StatusCause } from '../engine/apiError.js';
import { invalid, notSupported, required } from '../engine/fieldErrors.js';
import { validateLabels } from '../engine/metadataValidation.js';
import type { KindStrategy } from '../engine/resourceRegistry.js';
import type { FakeObject } from '../engine/types.js';
import { defaultPodSpec, isJsonObject, validatePodSpec } from './podSpec.js';

/**
 * Workload kinds that hold a Pod template — Deployments, ReplicaSets, StatefulSets, DaemonSets,
 * Jobs, CronJobs, ReplicationControllers: their defaults (the apps/v1 and batch/v1 defaulting of
 * kube-apiserver, template included) and the checks of selector and template.
 */

type Obj = Record<string, unknown>;

function specOf(obj: FakeObject): Obj {
  if (!isJsonObject(obj.spec)) obj.spec = {};
  return obj.spec as Obj;
}

function objectAt(parent: Obj, key: string): Obj {
  if (!isJsonObject(parent[key])) parent[key] = {};
  return parent[key] as Obj;
}

/** Defaults of a pod template (`spec.template`): its spec's, when there is one. */
function defaultTemplate(template: unknown): void {
  if (isJsonObject(template) && isJsonObject(template.spec)) defaultPodSpec(template.spec);
}

/** A pod template's metadata shows as `{}` when left out (nobody owns it). */
function fillTemplateMetadata(template: unknown): void {
  if (isJsonObject(template)) template.metadata ??= {};
}

/** Zero values of a kind whose pod template is at `spec.template`. */
const specTemplateZeroValues = (obj: FakeObject) => {
  if (isJsonObject(obj.spec)) fillTemplateMetadata(obj.spec.template);
};

interface Selector {
  matchLabels?: Record<string, string>;
  matchExpressions?: Array<{ key: string; operator: string; values?: string[] }>;
}

function selects(selector: Selector, labels: Record<string, string>): boolean {
  for (const [k, v] of Object.entries(selector.matchLabels ?? {})) if (labels[k] !== v) return false;
  for (const e of selector.matchExpressions ?? []) {
    const has = Object.hasOwn(labels, e.key);
    const value = labels[e.key] ?? '';
    const values = e.values ?? [];
    if (e.operator === 'In' && !(has && values.includes(value))) return false;
    if (e.operator === 'NotIn' && has && values.includes(value)) return false;
    if (e.operator === 'Exists' && !has) return false;
    if (e.operator === 'DoesNotExist' && has) return false;
  }
  return true;
}

/**
 * The checks of a controller's selector and Pod template: the selector is required, not empty,
 * and must select the template's labels; the template's Pods restart `Always` when `restartAlways`.
 */
function validateSelectorAndTemplate(obj: FakeObject, kindName: string, restartAlways: boolean): StatusCause[] {
  const spec = isJsonObject(obj.spec) ? obj.spec : {};
  const causes: StatusCause[] = [];
  if (typeof spec.replicas === 'number' && spec.replicas < 0) {
    causes.push(invalid('spec.replicas', spec.replicas, 'must be greater than or equal to 0'));
  }
  const selector = isJsonObject(spec.selector) ? (spec.selector as Selector) : undefined;
  if (!selector) causes.push(required('spec.selector'));
  else {
    causes.push(...validateLabels(selector.matchLabels, 'spec.selector.matchLabels'));
    if (Object.keys(selector.matchLabels ?? {}).length + (selector.matchExpressions ?? []).length === 0) {
      causes.push(invalid('spec.selector', selector, `empty selector is invalid for ${kindName}`));
    }
  }
  const template = isJsonObject(spec.template) ? spec.template : undefined;
  if (!template) return [...causes, required('spec.template')];
  const templateMeta = isJsonObject(template.metadata) ? template.metadata : {};
  const labels = (isJsonObject(templateMeta.labels) ? templateMeta.labels : {}) as Record<string, string>;
  if (!selector || !selects(selector, labels)) {
    causes.push(
      invalid(
        'spec.template.metadata.labels',
        templateMeta.labels ?? null,
        '`selector` does not match template `labels`',
      ),
    );
  }
  causes.push(...validateLabels(templateMeta.labels, 'spec.template.metadata.labels'));
  causes.push(...validatePodSpec(template.spec, 'spec.template.spec'));
  const restart = isJsonObject(template.spec) ? template.spec.restartPolicy : undefined;
  if (restartAlways && restart !== undefined && restart !== 'Always') {
    causes.push(notSupported('spec.template.spec.restartPolicy', restart, ['Always']));
  }
  return causes;
}

/** Deployments: replicas 1, RollingUpdate 25%/25%, revisionHistoryLimit 10, progressDeadlineSeconds 600. */
export const deploymentStrategy: KindStrategy = {
  applyDefaults: (obj) => {
    const spec = specOf(obj);
    spec.replicas ??= 1;
    const strategy = objectAt(spec, 'strategy');
    strategy.type ??= 'RollingUpdate';
    if (strategy.type === 'RollingUpdate') {
      const rolling = objectAt(strategy, 'rollingUpdate');
      rolling.maxUnavailable ??= '25%';
      rolling.maxSurge ??= '25%';
    }
    spec.revisionHistoryLimit ??= 10;
    spec.progressDeadlineSeconds ??= 600;
    defaultTemplate(spec.template);
  },
  fillZeroValues: specTemplateZeroValues,
  prepareForCreate: (obj) => {
    obj.status = {};
  },
  validate: (obj) => validateSelectorAndTemplate(obj, 'deployment', true),
  statusResets: ['spec', 'metadata.labels'],
};

/** ReplicaSets: replicas 1. */
export const replicaSetStrategy: KindStrategy = {
  applyDefaults: (obj) => {
    const spec = specOf(obj);
    spec.replicas ??= 1;
    defaultTemplate(spec.template);
  },
  fillZeroValues: specTemplateZeroValues,
  prepareForCreate: (obj) => {
    obj.status = { replicas: 0 };
  },
  validate: (obj) => validateSelectorAndTemplate(obj, 'replicaset', true),
  statusResets: ['spec'],
};

/** ReplicationControllers: replicas 1; selector and labels from the template's labels. */
export const replicationControllerStrategy: KindStrategy = {
  applyDefaults: (obj) => {
    const spec = specOf(obj);
    const template = isJsonObject(spec.template) ? spec.template : undefined;
    const labels = template && isJsonObject(template.metadata) ? template.metadata.labels : undefined;
    if (isJsonObject(labels)) {
      if (!isJsonObject(spec.selector) || Object.keys(spec.selector).length === 0) spec.selector = { ...labels };
      obj.metadata ??= {};
      if (Object.keys(obj.metadata.labels ?? {}).length === 0) obj.metadata.labels = { ...(labels as object) };
    }
    spec.replicas ??= 1;
    defaultTemplate(spec.template);
  },
  fillZeroValues: specTemplateZeroValues,
  prepareForCreate: (obj) => {
    obj.status = { replicas: 0 };
  },
  statusResets: ['spec'],
  orphansByDefault: true,
};

/** StatefulSets: OrderedReady, RollingUpdate partition 0, PVC retention Retain, replicas 1, history 10. */
export const statefulSetStrategy: KindStrategy = {
  applyDefaults: (obj) => {
    const spec = specOf(obj);
    spec.podManagementPolicy ??= 'OrderedReady';
    const update = objectAt(spec, 'updateStrategy');
    if (update.type === undefined) {
      update.type = 'RollingUpdate';
      update.rollingUpdate ??= {};
    }
    if (update.type === 'RollingUpdate' && isJsonObject(update.rollingUpdate)) {
      update.rollingUpdate.partition ??= 0;
      update.rollingUpdate.maxUnavailable ??= 1;
    }
    const retention = objectAt(spec, 'persistentVolumeClaimRetentionPolicy');
    retention.whenDeleted ??= 'Retain';
    retention.whenScaled ??= 'Retain';
    spec.replicas ??= 1;
    spec.revisionHistoryLimit ??= 10;
    defaultTemplate(spec.template);
  },
  fillZeroValues: specTemplateZeroValues,
  prepareForCreate: (obj) => {
    obj.status = { replicas: 0, availableReplicas: 0 };
  },
  validate: (obj) => validateSelectorAndTemplate(obj, 'statefulset', true),
  statusResets: ['spec'],
};

/** The annotation a DaemonSet's template generation shows in (bumped when the template changes). */
const TEMPLATE_GENERATION = 'deprecated.daemonset.template.generation';

function setTemplateGeneration(obj: FakeObject, generation: number): void {
  obj.metadata ??= {};
  obj.metadata.annotations = { ...obj.metadata.annotations, [TEMPLATE_GENERATION]: String(generation) };
}

/** DaemonSets: RollingUpdate maxUnavailable 1, maxSurge 0, history 10, the template generation annotation. */
export const daemonSetStrategy: KindStrategy = {
  applyDefaults: (obj) => {
    const spec = specOf(obj);
    const update = objectAt(spec, 'updateStrategy');
    update.type ??= 'RollingUpdate';
    if (update.type === 'RollingUpdate') {
      const rolling = objectAt(update, 'rollingUpdate');
      rolling.maxUnavailable ??= 1;
      rolling.maxSurge ??= 0;
    }
    spec.revisionHistoryLimit ??= 10;
    defaultTemplate(spec.template);
    // The template generation starts at 1 (or where the annotation says); updates keep or bump it.
    const given = Number(obj.metadata?.annotations?.[TEMPLATE_GENERATION] ?? 1) || 1;
    setTemplateGeneration(obj, Math.max(given, 1));
  },
  fillZeroValues: specTemplateZeroValues,
  prepareForCreate: (obj) => {
    obj.status = { currentNumberScheduled: 0, numberMisscheduled: 0, desiredNumberScheduled: 0, numberReady: 0 };
  },
  prepareForUpdate: (obj, old) => {
    const current = Number(old.metadata.annotations?.[TEMPLATE_GENERATION] ?? 1);
    const oldTemplate = JSON.stringify((old.spec as Obj | undefined)?.template);
    const changed = JSON.stringify((obj.spec as Obj | undefined)?.template) !== oldTemplate;
    setTemplateGeneration(obj, changed ? current + 1 : current);
  },
  validate: (obj) => validateSelectorAndTemplate(obj, 'daemonset', true),
  statusResets: ['spec'],
};

/**
 * Jobs: completions and parallelism 1, backoffLimit 6, NonIndexed, not suspended,
 * TerminatingOrFailed replacement; at creation a selector on the Job's uid and the matching
 * template labels.
 */
export const jobStrategy: KindStrategy = {
  applyDefaults: (obj) => {
    const spec = specOf(obj);
    if (spec.completions === undefined && spec.parallelism === undefined) spec.completions = 1;
    spec.parallelism ??= 1;
    spec.backoffLimit ??= spec.backoffLimitPerIndex !== undefined ? 2147483647 : 6;
    const template = isJsonObject(spec.template) ? spec.template : undefined;
    const labels = template && isJsonObject(template.metadata) ? template.metadata.labels : undefined;
    obj.metadata ??= {};
    if (isJsonObject(labels) && Object.keys(obj.metadata.labels ?? {}).length === 0) {
      obj.metadata.labels = { ...(labels as Record<string, string>) };
    }
    spec.completionMode ??= 'NonIndexed';
    spec.suspend ??= false;
    spec.podReplacementPolicy ??= spec.podFailurePolicy !== undefined ? 'Failed' : 'TerminatingOrFailed';
    spec.manualSelector ??= false;
    defaultTemplate(spec.template);
  },
  fillZeroValues: specTemplateZeroValues,
  prepareForCreate: (obj) => {
    const spec = specOf(obj);
    if (spec.manualSelector !== true) {
      const name = obj.metadata?.name ?? '';
      const uid = obj.metadata?.uid ?? '';
      const template = objectAt(spec, 'template');
      const meta = objectAt(template, 'metadata');
      const labels = objectAt(meta, 'labels');
      labels['batch.kubernetes.io/controller-uid'] ??= uid;
      labels['batch.kubernetes.io/job-name'] ??= name;
      labels['controller-uid'] ??= uid;
      labels['job-name'] ??= name;
      const selector = objectAt(spec, 'selector');
      const matchLabels = objectAt(selector, 'matchLabels');
      matchLabels['batch.kubernetes.io/controller-uid'] ??= uid;
    }
    obj.status = {};
  },
  validate: (obj) => validateSelectorAndTemplate(obj, 'job', false),
  statusResets: ['spec'],
  orphansByDefault: true,
};

/** CronJobs: Allow concurrency, not suspended, 3 successful and 1 failed job kept. */
export const cronJobStrategy: KindStrategy = {
  applyDefaults: (obj) => {
    const spec = specOf(obj);
    spec.concurrencyPolicy ??= 'Allow';
    spec.suspend ??= false;
    spec.successfulJobsHistoryLimit ??= 3;
    spec.failedJobsHistoryLimit ??= 1;
    const jobTemplate = isJsonObject(spec.jobTemplate) ? spec.jobTemplate : undefined;
    if (jobTemplate && isJsonObject(jobTemplate.spec)) defaultTemplate(jobTemplate.spec.template);
  },
  fillZeroValues: (obj) => {
    const jobTemplate = isJsonObject(obj.spec) && isJsonObject(obj.spec.jobTemplate) ? obj.spec.jobTemplate : undefined;
    if (!jobTemplate) return;
    jobTemplate.metadata ??= {};
    if (isJsonObject(jobTemplate.spec)) fillTemplateMetadata(jobTemplate.spec.template);
  },
  prepareForCreate: (obj) => {
    obj.status = {};
  },
  statusResets: ['spec'],
};

/** PodTemplates: the pod spec defaults in `template`. */
export const podTemplateStrategy: KindStrategy = {
  applyDefaults: (obj) => defaultTemplate(obj.template),
  fillZeroValues: (obj) => fillTemplateMetadata(obj.template),
  validate: (obj) => {
    const template = isJsonObject(obj.template) ? obj.template : {};
    const meta = isJsonObject(template.metadata) ? template.metadata : {};
    return [
      ...validateLabels(meta.labels, 'template.metadata.labels'),
      ...validatePodSpec(template.spec, 'template.spec'),
    ];
  },
  returnsDeletedObject: true,
};

/** ControllerRevisions: `data` is required. */
export const controllerRevisionStrategy: KindStrategy = {
  validate: (obj) => (obj.data === undefined || obj.data === null ? [required('data', 'data is mandatory')] : []),
};
