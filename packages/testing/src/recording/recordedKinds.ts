import { resourceTypeFromCrd } from '../fake/crdController.js';
import type { ResourceType } from '../fake/engine/resourceRegistry.js';
import type { FakeObject } from '../fake/engine/types.js';
import { builtinResourceTypes } from '../fake/kinds/builtinKinds.js';
import type { RecordedApiResource, Recording } from './readRecording.js';

interface Discovered {
  group: string;
  plural: string;
  /** Versions it is listed in, the group's preferred first. */
  versions: string[];
  entry: RecordedApiResource;
  status: boolean;
  scale: boolean;
}

const isCrd = (o: { group: string; kind: string }) =>
  o.group === 'apiextensions.k8s.io' && o.kind === 'CustomResourceDefinition';

/**
 * The kinds a recording serves: every resource of its recorded discovery (built-in or custom),
 * each custom kind from its recorded CustomResourceDefinition when there is one (its schemas,
 * subresources and selectable fields), each kind the in-memory server models from that model (its
 * defaults and checks, for writes), and any other from its discovery entry. A kind's objects are
 * stored in the version they were recorded in. Kinds named only by `recording.json` (no discovery
 * recorded) are served from it.
 */
export function recordedResourceTypes(recording: Recording): ResourceType[] {
  const recordedVersion = new Map<string, string>();
  for (const k of recording.manifest?.kinds ?? []) recordedVersion.set(`${k.group}/${k.resource}`, k.version);

  const crds = new Map<string, FakeObject>();
  for (const o of recording.objects) {
    const spec = o.object.spec as { group?: string; names?: { plural?: string } } | undefined;
    if (isCrd(o) && spec?.group && spec.names?.plural) crds.set(`${spec.group}/${spec.names.plural}`, o.object);
  }

  const discovered = new Map<string, Discovered>();
  for (const { group, version, resources } of recording.resourceLists.values()) {
    for (const r of resources) {
      const [plural, sub] = r.name.split('/') as [string, string | undefined];
      const key = `${group}/${plural}`;
      let d = discovered.get(key);
      if (!d) {
        if (sub !== undefined) continue;
        d = { group, plural, versions: [], entry: r, status: false, scale: false };
        discovered.set(key, d);
      }
      if (sub === 'status') d.status = true;
      else if (sub === 'scale') d.scale = true;
      else if (sub === undefined && !d.versions.includes(version)) d.versions.push(version);
    }
  }
  // Subresources listed before their resource (not how servers list them) are picked up here.
  for (const { group, resources } of recording.resourceLists.values()) {
    for (const r of resources) {
      const [plural, sub] = r.name.split('/') as [string, string | undefined];
      const d = discovered.get(`${group}/${plural}`);
      if (d && sub === 'status') d.status = true;
      if (d && sub === 'scale') d.scale = true;
    }
  }
  for (const d of discovered.values()) {
    const order = recording.groupVersions.get(d.group) ?? [];
    const rank = (v: string) => (order.includes(v) ? order.indexOf(v) : order.length);
    d.versions.sort((a, b) => rank(a) - rank(b));
  }
  for (const k of recording.manifest?.kinds ?? []) {
    const key = `${k.group}/${k.resource}`;
    if (discovered.has(key)) continue;
    discovered.set(key, {
      group: k.group,
      plural: k.resource,
      versions: [k.version],
      entry: { name: k.resource, namespaced: k.namespaced, kind: k.kind },
      status: false,
      scale: false,
    });
  }

  const builtins = new Map(builtinResourceTypes().map((t) => [`${t.group}/${t.plural}`, t]));
  const types: ResourceType[] = [];
  for (const [key, d] of discovered) {
    const stored = recordedVersion.get(key) ?? d.versions[0] ?? '';
    const discoveryFields = {
      ...(d.entry.verbs ? { verbs: d.entry.verbs } : {}),
      ...(d.entry.shortNames?.length ? { shortNames: d.entry.shortNames } : {}),
      ...(d.entry.categories?.length ? { categories: d.entry.categories } : {}),
    };
    const crd = crds.get(key);
    const builtin = builtins.get(key);
    let type: ResourceType;
    if (crd) {
      type = { ...resourceTypeFromCrd(crd), ...discoveryFields };
    } else if (builtin?.versions.includes(stored) && builtin.kind === d.entry.kind) {
      type = { ...builtin, ...discoveryFields };
    } else {
      type = {
        group: d.group,
        versions: [...d.versions],
        storageVersion: stored,
        kind: d.entry.kind,
        listKind: `${d.entry.kind}List`,
        plural: d.plural,
        singular: d.entry.singularName || d.entry.kind.toLowerCase(),
        namespaced: d.entry.namespaced,
        status: d.status,
        ...(d.scale ? { scale: { specReplicasPath: '.spec.replicas', statusReplicasPath: '.status.replicas' } } : {}),
        generation: true,
        requireResourceVersion: false,
        strategicMerge: true,
        listItemsTypeMeta: false,
        ...discoveryFields,
      };
    }
    if (stored && !type.versions.includes(stored)) type.versions = [...type.versions, stored];
    type.storageVersion = stored || type.storageVersion;
    types.push(type);
  }
  return types;
}
