#!/usr/bin/env node
/**
 * Generates packages/core/src/kinds/builtinTypes.generated.ts: plain-JSON TypeScript types of the
 * built-in kinds of `builtinKinds`, and of every definition they reach, from kube-apiserver's
 * published OpenAPI v3. The types say what is on the wire: timestamps (`Time`, `MicroTime`) and
 * quantities are strings, int-or-string is `number | string`, no classes.
 *
 * Usage: node scripts/generate-kind-types.mjs <kubernetes source>/api/openapi-spec/v3
 * (the Go module cache holds it: $(go env GOMODCACHE)/k8s.io/kubernetes@v1.37.2/api/openapi-spec/v3).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.argv[2];
if (!dir) {
  process.stderr.write('usage: node scripts/generate-kind-types.mjs <openapi-spec/v3 folder>\n');
  process.exit(2);
}

/**
 * The kinds of `builtinKinds` (packages/client/src/kinds/builtins.ts): `[apiVersion, kind]`. Not
 * CustomResourceDefinition: core has its own type of it (customResourceDefinition.ts).
 */
const KINDS = [
  ['v1', 'Pod'],
  ['v1', 'Service'],
  ['v1', 'ConfigMap'],
  ['v1', 'Secret'],
  ['v1', 'ServiceAccount'],
  ['v1', 'PersistentVolumeClaim'],
  ['v1', 'Event'],
  ['v1', 'Namespace'],
  ['v1', 'Node'],
  ['v1', 'PersistentVolume'],
  ['apps/v1', 'Deployment'],
  ['apps/v1', 'StatefulSet'],
  ['apps/v1', 'DaemonSet'],
  ['apps/v1', 'ReplicaSet'],
  ['batch/v1', 'Job'],
  ['batch/v1', 'CronJob'],
  ['autoscaling/v2', 'HorizontalPodAutoscaler'],
  ['policy/v1', 'PodDisruptionBudget'],
  ['networking.k8s.io/v1', 'Ingress'],
  ['networking.k8s.io/v1', 'NetworkPolicy'],
  ['discovery.k8s.io/v1', 'EndpointSlice'],
  ['events.k8s.io/v1', 'Event'],
  ['coordination.k8s.io/v1', 'Lease'],
  ['rbac.authorization.k8s.io/v1', 'Role'],
  ['rbac.authorization.k8s.io/v1', 'RoleBinding'],
  ['rbac.authorization.k8s.io/v1', 'ClusterRole'],
  ['rbac.authorization.k8s.io/v1', 'ClusterRoleBinding'],
  ['storage.k8s.io/v1', 'StorageClass'],
  ['admissionregistration.k8s.io/v1', 'ValidatingWebhookConfiguration'],
  ['admissionregistration.k8s.io/v1', 'MutatingWebhookConfiguration'],
];
const fileOf = (gv) => (gv === 'v1' ? 'api__v1_openapi.json' : `apis__${gv.replace('/', '__')}_openapi.json`);

const schemas = {};
const roots = [];
for (const gv of new Set(KINDS.map(([gv]) => gv))) {
  const doc = JSON.parse(readFileSync(join(dir, fileOf(gv)), 'utf8'));
  Object.assign(schemas, doc.components.schemas);
  for (const [name, s] of Object.entries(doc.components.schemas)) {
    for (const gvk of s['x-kubernetes-group-version-kind'] ?? []) {
      const v = gvk.group ? `${gvk.group}/${gvk.version}` : gvk.version;
      if (KINDS.some(([g, k]) => g === v && k === gvk.kind)) roots.push(name);
    }
  }
}

/** Definitions written as a TypeScript type of core, not generated. */
const MAPPED = {
  'io.k8s.apimachinery.pkg.apis.meta.v1.Time': 'string',
  'io.k8s.apimachinery.pkg.apis.meta.v1.MicroTime': 'string',
  'io.k8s.apimachinery.pkg.api.resource.Quantity': 'string',
  'io.k8s.apimachinery.pkg.util.intstr.IntOrString': 'number | string',
  'io.k8s.apimachinery.pkg.runtime.RawExtension': 'unknown',
  'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSON': 'unknown',
  'io.k8s.apimachinery.pkg.apis.meta.v1.FieldsV1': 'Record<string, unknown>',
  'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta': 'ObjectMeta',
  'io.k8s.apimachinery.pkg.apis.meta.v1.OwnerReference': 'OwnerReference',
  'io.k8s.apimachinery.pkg.apis.meta.v1.ManagedFieldsEntry': 'ManagedFieldsEntry',
  'io.k8s.apimachinery.pkg.apis.meta.v1.Condition': 'Condition',
};
/** Names core already exports for something else: the generated type gets its package prefix. */
const TAKEN = new Set(['LabelSelector', 'Status', 'Selector', 'WatchEvent', 'Scope', 'WebhookClientConfig']);

const short = (ref) => ref.replace('#/components/schemas/', '');
const refOf = (p) => p.$ref ?? p.allOf?.[0]?.$ref;

// The closure of the roots.
const reached = new Set();
function walk(name) {
  if (MAPPED[name] || reached.has(name)) return;
  reached.add(name);
  const visit = (p) => {
    if (!p) return;
    const ref = refOf(p);
    if (ref) walk(short(ref));
    if (p.items) visit(p.items);
    if (p.additionalProperties && typeof p.additionalProperties === 'object') visit(p.additionalProperties);
    for (const q of Object.values(p.properties ?? {})) visit(q);
  };
  visit(schemas[name]);
}
for (const root of roots) walk(root);

// Names: the last segment, or (when two reached definitions share it, or core has it) the
// package and version in front, as client-node names them (`CoreV1Event`, `EventsV1Event`).
const lastOf = (name) => name.split('.').at(-1);
const count = {};
for (const name of reached) count[lastOf(name)] = (count[lastOf(name)] ?? 0) + 1;
const pascal = (s) => s.charAt(0).toUpperCase() + s.slice(1);
function tsName(name) {
  const last = lastOf(name);
  if (count[last] === 1 && !TAKEN.has(last)) return last;
  const parts = name.split('.');
  const version = parts.at(-2);
  let pkg = parts.at(-3);
  if (pkg === 'v1' || pkg === 'apiextensions') pkg = 'apiextensions';
  if (name.startsWith('io.k8s.apimachinery.pkg.apis.meta.')) pkg = 'meta';
  return `${pascal(pkg.replace(/-./g, (m) => m[1].toUpperCase()))}${pascal(version)}${last}`;
}

/** A description as a TSDoc comment body: its first paragraph, safe inside a comment. */
function doc(text, indent) {
  if (!text) return '';
  const first = text.split('\n\n')[0].replace(/\s+/g, ' ').trim().replace(/\*\//g, '*\\/');
  return `${indent}/** ${first} */\n`;
}

function typeOf(p) {
  const ref = refOf(p);
  if (ref) return MAPPED[short(ref)] ?? tsName(short(ref));
  if (p['x-kubernetes-int-or-string']) return 'number | string';
  switch (p.type) {
    case 'string':
      return 'string';
    case 'boolean':
      return 'boolean';
    case 'integer':
    case 'number':
      return 'number';
    case 'array': {
      const item = typeOf(p.items ?? {});
      return item.includes(' ') ? `Array<${item}>` : `${item}[]`;
    }
    case 'object':
      return p.additionalProperties && typeof p.additionalProperties === 'object'
        ? `Record<string, ${typeOf(p.additionalProperties)}>`
        : 'Record<string, unknown>';
    default:
      return 'unknown';
  }
}

const rootSet = new Set(roots);
let out = `/*
 * Generated by scripts/generate-kind-types.mjs from kube-apiserver v1.37.2's OpenAPI v3; do not edit.
 * Plain-JSON types of the built-in kinds of \`builtinKinds\`: what the API server sends and takes.
 * Timestamps and quantities are strings; int-or-string is \`number | string\`.
 */
import type { Condition } from '../conditions.js';
import type { ManagedFieldsEntry, ObjectMeta, OwnerReference } from '../object.js';
`;
for (const name of [...reached].sort((a, b) => tsName(a).localeCompare(tsName(b)))) {
  const s = schemas[name];
  const required = new Set(s.required ?? []);
  out += `\n${doc(s.description ?? `${tsName(name)} (${name}).`, '')}export interface ${tsName(name)} {\n`;
  for (const [field, p] of Object.entries(s.properties ?? {})) {
    const key = /^[A-Za-z_$][\w$]*$/.test(field) ? field : JSON.stringify(field);
    let type = typeOf(p);
    // Every object of a kind names its apiVersion and kind on the wire, though a body may omit them.
    const optional = !required.has(field) || (rootSet.has(name) && (field === 'apiVersion' || field === 'kind'));
    if (rootSet.has(name) && field === 'metadata') type = 'ObjectMeta';
    out += doc(p.description, '  ');
    out += `  ${key}${optional ? '?' : ''}: ${type};\n`;
  }
  out += '}\n';
}
const target = new URL('../packages/core/src/kinds/builtinTypes.generated.ts', import.meta.url);
writeFileSync(target, out);
process.stdout.write(`${reached.size} definitions, ${roots.length} kinds\n`);
for (const root of roots) process.stdout.write(`  ${tsName(root)}\n`);
