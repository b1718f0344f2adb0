import { dns1123LabelErrors } from '@kubekit/core';
import type { StatusCause } from '../engine/apiError.js';
import { child, duplicate, index, invalid, notSupported, required } from '../engine/fieldErrors.js';
import { validateLabels } from '../engine/metadataValidation.js';

/**
 * Pod specs, wherever they are (a Pod's `spec`, a workload's `spec.template.spec`): the defaults
 * kube-apiserver fills in and the checks it makes, for the fields controllers commonly write.
 */

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const objects = (v: unknown): Obj[] => (Array.isArray(v) ? v.filter(isObj) : []);

/** `latest` (or no tag, no digest) pulls Always; anything else IfNotPresent. */
function pullPolicyFor(image: unknown): string {
  if (typeof image !== 'string') return 'IfNotPresent';
  if (image.includes('@')) return 'IfNotPresent';
  const lastSegment = image.slice(image.lastIndexOf('/') + 1);
  const colon = lastSegment.lastIndexOf(':');
  const tag = colon < 0 ? 'latest' : lastSegment.slice(colon + 1);
  return tag === 'latest' ? 'Always' : 'IfNotPresent';
}

function defaultProbe(probe: unknown): void {
  if (!isObj(probe)) return;
  probe.timeoutSeconds ??= 1;
  probe.periodSeconds ??= 10;
  probe.successThreshold ??= 1;
  probe.failureThreshold ??= 3;
  if (isObj(probe.httpGet)) {
    probe.httpGet.path ??= '/';
    probe.httpGet.scheme ??= 'HTTP';
  }
}

/** Container defaults: pull policy by tag, termination message path and policy, port protocol, probes. */
export function defaultContainer(c: Obj): void {
  c.imagePullPolicy ??= pullPolicyFor(c.image);
  c.terminationMessagePath ??= '/dev/termination-log';
  c.terminationMessagePolicy ??= 'File';
  c.resources ??= {};
  for (const p of objects(c.ports)) p.protocol ??= 'TCP';
  for (const e of objects(c.env)) {
    const fieldRef = isObj(e.valueFrom) ? e.valueFrom.fieldRef : undefined;
    if (isObj(fieldRef)) fieldRef.apiVersion ??= 'v1';
  }
  for (const name of ['livenessProbe', 'readinessProbe', 'startupProbe']) defaultProbe(c[name]);
}

function defaultVolume(v: Obj): void {
  const sources = Object.keys(v).filter((k) => k !== 'name');
  if (sources.length === 0) v.emptyDir = {};
  for (const source of ['secret', 'configMap', 'downwardAPI', 'projected']) {
    const s = v[source];
    if (isObj(s)) s.defaultMode ??= 420;
  }
}

/** PodSpec defaults (kept in Pod templates too): policies, scheduler, grace period, containers, volumes. */
export function defaultPodSpec(spec: Obj): void {
  if (spec.serviceAccountName === undefined && spec.serviceAccount !== undefined) {
    spec.serviceAccountName = spec.serviceAccount;
  }
  if (spec.serviceAccountName !== undefined) spec.serviceAccount = spec.serviceAccountName;
  spec.dnsPolicy ??= 'ClusterFirst';
  spec.restartPolicy ??= 'Always';
  spec.securityContext ??= {};
  spec.terminationGracePeriodSeconds ??= 30;
  spec.schedulerName ??= 'default-scheduler';
  for (const c of [...objects(spec.containers), ...objects(spec.initContainers)]) defaultContainer(c);
  for (const v of objects(spec.volumes)) defaultVolume(v);
}

const RESTART_POLICIES = ['Always', 'OnFailure', 'Never'];
const DNS_POLICIES = ['ClusterFirstWithHostNet', 'ClusterFirst', 'Default', 'None'];
const PULL_POLICIES = ['Always', 'IfNotPresent', 'Never'];
const MESSAGE_POLICIES = ['File', 'FallbackToLogsOnError'];
const PROTOCOLS = ['SCTP', 'TCP', 'UDP'];

function validatePorts(ports: unknown, at: string): StatusCause[] {
  const causes: StatusCause[] = [];
  objects(ports).forEach((p, i) => {
    const here = index(at, i);
    const port = p.containerPort;
    if (port === undefined || port === 0) causes.push(required(`${here}.containerPort`));
    else if (typeof port === 'number' && (port < 1 || port > 65535)) {
      causes.push(invalid(`${here}.containerPort`, port, 'must be between 1 and 65535, inclusive'));
    }
    if (p.protocol === undefined || p.protocol === '') causes.push(required(`${here}.protocol`));
    else if (!PROTOCOLS.includes(String(p.protocol)))
      causes.push(notSupported(`${here}.protocol`, p.protocol, PROTOCOLS));
  });
  return causes;
}

function validateContainer(c: Obj, at: string): StatusCause[] {
  const causes: StatusCause[] = [];
  if (!c.name) causes.push(required(`${at}.name`));
  else for (const m of dns1123LabelErrors(String(c.name))) causes.push(invalid(`${at}.name`, c.name, m));
  if (!c.image) causes.push(required(`${at}.image`));
  if (!c.terminationMessagePolicy) causes.push(required(`${at}.terminationMessagePolicy`));
  else if (!MESSAGE_POLICIES.includes(String(c.terminationMessagePolicy))) {
    causes.push(notSupported(`${at}.terminationMessagePolicy`, c.terminationMessagePolicy, MESSAGE_POLICIES));
  }
  causes.push(...validatePorts(c.ports, `${at}.ports`));
  if (!c.imagePullPolicy) causes.push(required(`${at}.imagePullPolicy`));
  else if (!PULL_POLICIES.includes(String(c.imagePullPolicy))) {
    causes.push(notSupported(`${at}.imagePullPolicy`, c.imagePullPolicy, PULL_POLICIES));
  }
  return causes;
}

function validateContainers(list: unknown, at: string, requireOne: boolean, taken: Set<string>): StatusCause[] {
  const containers = objects(list);
  if (containers.length === 0) return requireOne ? [required(at)] : [];
  const causes: StatusCause[] = [];
  containers.forEach((c, i) => {
    const here = index(at, i);
    causes.push(...validateContainer(c, here));
    const name = String(c.name ?? '');
    if (taken.has(name)) causes.push(duplicate(`${here}.name`, name));
    else taken.add(name);
  });
  return causes;
}

/** The problems of a PodSpec at `at` (`spec`, `spec.template.spec`), in the real server's order. */
export function validatePodSpec(spec: unknown, at: string): StatusCause[] {
  const s = isObj(spec) ? spec : {};
  const causes: StatusCause[] = [];
  if (s.terminationGracePeriodSeconds === undefined) causes.push(required(child(at, 'terminationGracePeriodSeconds')));
  const volumes = new Set<string>();
  objects(s.volumes).forEach((v, i) => {
    const namePath = `${index(child(at, 'volumes'), i)}.name`;
    const name = String(v.name ?? '');
    if (!name) causes.push(required(namePath));
    else for (const m of dns1123LabelErrors(name)) causes.push(invalid(namePath, name, m));
    if (volumes.has(name)) causes.push(duplicate(namePath, name));
    volumes.add(name);
  });
  const regular = new Set<string>();
  causes.push(...validateContainers(s.containers, child(at, 'containers'), true, regular));
  causes.push(...validateContainers(s.initContainers, child(at, 'initContainers'), false, new Set(regular)));
  const restart = s.restartPolicy;
  if (!restart) causes.push(required(child(at, 'restartPolicy')));
  else if (!RESTART_POLICIES.includes(String(restart)))
    causes.push(notSupported(child(at, 'restartPolicy'), restart, RESTART_POLICIES));
  const dns = s.dnsPolicy;
  if (!dns) causes.push(required(child(at, 'dnsPolicy')));
  else if (!DNS_POLICIES.includes(String(dns))) causes.push(notSupported(child(at, 'dnsPolicy'), dns, DNS_POLICIES));
  causes.push(...validateLabels(s.nodeSelector, child(at, 'nodeSelector')));
  return causes;
}

/** The quality-of-service class the real server gives a Pod at creation, from its containers' resources. */
export function qosClassOf(spec: unknown): 'BestEffort' | 'Burstable' | 'Guaranteed' {
  const containers = isObj(spec) ? [...objects(spec.containers), ...objects(spec.initContainers)] : [];
  let any = false;
  let guaranteed = containers.length > 0;
  for (const c of containers) {
    const r = isObj(c.resources) ? c.resources : {};
    const requests = isObj(r.requests) ? r.requests : {};
    const limits = isObj(r.limits) ? r.limits : {};
    if (Object.keys(requests).length > 0 || Object.keys(limits).length > 0) any = true;
    for (const res of ['cpu', 'memory']) {
      if (limits[res] === undefined) guaranteed = false;
      else if (requests[res] !== undefined && String(requests[res]) !== String(limits[res])) guaranteed = false;
    }
  }
  if (!any) return 'BestEffort';
  return guaranteed ? 'Guaranteed' : 'Burstable';
}

/** Whether a value is a JSON object (not an array, not null). */
export { isObj as isJsonObject };
