/**
 * Reading the API server's discovery documents into {@link ApiGroup}s and {@link ApiResource}s: the
 * aggregated form (`apidiscovery.k8s.io/v2` `APIGroupDiscoveryList`, one answer per root) and the
 * classic one (`APIVersions` / `APIGroupList` at the roots, one `APIResourceList` per group-version).
 */
import { formatApiVersion, type GroupVersionKind, ServiceUnavailableError } from '@kubekit/core';
import type { ApiGroup, ApiResource, ApiSubresource, DiscoveryFailure } from './apiResource.js';

/**
 * The `Accept` header of a root request: aggregated discovery v2 (kube-apiserver 1.30+), else the
 * classic document.
 */
export const ACCEPT_DISCOVERY = 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json';

/** What one root (`/api` or `/apis`) contributes. */
export interface RootDiscovery {
  readonly groups: ApiGroup[];
  readonly resources: ApiResource[];
  readonly failures: DiscoveryFailure[];
}

/** A root's classic answer: the group-versions whose `APIResourceList` must be fetched one by one. */
export interface ClassicRoot {
  readonly groups: ApiGroup[];
}

interface WireKind {
  group?: string;
  version?: string;
  kind?: string;
}
interface WireSubresourceDiscovery {
  subresource?: string;
  responseKind?: WireKind | null;
  verbs?: string[] | null;
}
interface WireResourceDiscovery {
  resource?: string;
  responseKind?: WireKind | null;
  scope?: string;
  singularResource?: string;
  verbs?: string[] | null;
  shortNames?: string[] | null;
  categories?: string[] | null;
  subresources?: WireSubresourceDiscovery[] | null;
}
interface WireVersionDiscovery {
  version?: string;
  resources?: WireResourceDiscovery[] | null;
  freshness?: string;
}
interface WireGroupDiscovery {
  metadata?: { name?: string };
  versions?: WireVersionDiscovery[] | null;
}
interface WireApiResource {
  name?: string;
  singularName?: string;
  namespaced?: boolean;
  group?: string;
  version?: string;
  kind?: string;
  verbs?: string[] | null;
  shortNames?: string[] | null;
  categories?: string[] | null;
}

/** Whether a root answered with aggregated discovery. */
export function isAggregated(doc: unknown): boolean {
  return (doc as { kind?: unknown } | undefined)?.kind === 'APIGroupDiscoveryList';
}

/**
 * An `APIGroupDiscoveryList`: every group, version and resource of one root. A version marked
 * `Stale` (its aggregated API server did not answer) becomes a failure instead of resources.
 */
export function readAggregated(doc: unknown, root: string): RootDiscovery {
  const out: RootDiscovery = { groups: [], resources: [], failures: [] };
  for (const item of ((doc as { items?: WireGroupDiscovery[] | null }).items ?? []) as WireGroupDiscovery[]) {
    const name = item.metadata?.name ?? '';
    const versions = (item.versions ?? []).map((v) => v.version ?? '').filter((v) => v !== '');
    const [preferredVersion] = versions;
    if (preferredVersion === undefined) continue;
    out.groups.push({ name, versions, preferredVersion });
    for (const v of item.versions ?? []) {
      if (!v.version) continue;
      if (v.freshness === 'Stale') {
        const gv = formatApiVersion({ group: name, version: v.version });
        out.failures.push({
          group: name,
          version: v.version,
          error: new ServiceUnavailableError({
            code: 503,
            status: { code: 503, reason: 'ServiceUnavailable', message: `discovery of ${gv} is stale` },
            request: `GET ${root}`,
          }),
        });
        continue;
      }
      for (const r of v.resources ?? []) {
        const resource = aggregatedResource(name, v.version, r);
        if (resource) out.resources.push(resource);
      }
    }
  }
  return out;
}

function aggregatedResource(group: string, version: string, r: WireResourceDiscovery): ApiResource | undefined {
  // no response kind: the server serves subresources only, nothing on the resource itself
  const kind = r.responseKind?.kind;
  if (!r.resource || !kind) return undefined;
  const parent = { group, version };
  return resource(group, version, kind, {
    plural: r.resource,
    namespaced: r.scope === 'Namespaced',
    singular: r.singularResource,
    verbs: r.verbs,
    shortNames: r.shortNames,
    categories: r.categories,
    subresources: (r.subresources ?? []).flatMap((s) =>
      s.subresource
        ? [{ name: s.subresource, verbs: s.verbs ?? [], responseKind: responseKind(s.responseKind, parent) }]
        : [],
    ),
  });
}

/** `/api` answered `APIVersions`: the core group's versions, in the server's order. */
export function readApiVersions(doc: unknown): ClassicRoot {
  const versions = ((doc as { versions?: string[] | null }).versions ?? []).filter((v) => typeof v === 'string');
  const [preferredVersion] = versions;
  return { groups: preferredVersion === undefined ? [] : [{ name: '', versions, preferredVersion }] };
}

/** `/apis` answered `APIGroupList`: the named groups with their versions, in the server's order. */
export function readApiGroupList(doc: unknown): ClassicRoot {
  const groups: ApiGroup[] = [];
  type WireGroup = { name?: string; versions?: { version?: string }[] | null; preferredVersion?: { version?: string } };
  for (const g of ((doc as { groups?: WireGroup[] | null }).groups ?? []) as WireGroup[]) {
    const versions = (g.versions ?? []).map((v) => v.version ?? '').filter((v) => v !== '');
    const preferredVersion = g.preferredVersion?.version ?? versions[0];
    if (!g.name || preferredVersion === undefined) continue;
    groups.push({ name: g.name, versions, preferredVersion });
  }
  return { groups };
}

/** An `APIResourceList` of one group-version: its resources, with `x/y` entries folded into `x`. */
export function readApiResourceList(doc: unknown, group: string, version: string): ApiResource[] {
  const entries = ((doc as { resources?: WireApiResource[] | null }).resources ?? []) as WireApiResource[];
  const subresources = new Map<string, ApiSubresource[]>();
  const parent = { group, version };
  for (const e of entries) {
    const slash = e.name?.indexOf('/') ?? -1;
    if (!e.name || slash < 0) continue;
    const of = e.name.slice(0, slash);
    const list = subresources.get(of) ?? [];
    const kind = e.kind ? { group: e.group, version: e.version, kind: e.kind } : undefined;
    list.push({ name: e.name.slice(slash + 1), verbs: e.verbs ?? [], responseKind: responseKind(kind, parent) });
    subresources.set(of, list);
  }
  const out: ApiResource[] = [];
  for (const e of entries) {
    if (!e.name || e.name.includes('/') || !e.kind) continue;
    out.push(
      resource(group, version, e.kind, {
        plural: e.name,
        namespaced: e.namespaced === true,
        singular: e.singularName,
        verbs: e.verbs,
        shortNames: e.shortNames,
        categories: e.categories,
        subresources: subresources.get(e.name) ?? [],
      }),
    );
  }
  return out;
}

function resource(
  group: string,
  version: string,
  kind: string,
  r: {
    plural: string;
    namespaced: boolean;
    singular: string | undefined;
    verbs: string[] | null | undefined;
    shortNames: string[] | null | undefined;
    categories: string[] | null | undefined;
    subresources: ApiSubresource[];
  },
): ApiResource {
  return Object.freeze({
    apiVersion: formatApiVersion({ group, version }),
    kind,
    group,
    version,
    plural: r.plural,
    scope: r.namespaced ? 'Namespaced' : 'Cluster',
    singular: r.singular || kind.toLowerCase(),
    verbs: Object.freeze([...(r.verbs ?? [])]),
    shortNames: Object.freeze([...(r.shortNames ?? [])]),
    categories: Object.freeze([...(r.categories ?? [])]),
    subresources: Object.freeze(r.subresources.map((s) => Object.freeze(s))),
  });
}

/** A response kind; an empty group and version mean the parent's (as the classic documents write it). */
function responseKind(
  kind: WireKind | null | undefined,
  parent: { group: string; version: string },
): GroupVersionKind | undefined {
  if (!kind?.kind) return undefined;
  const gv = kind.version ? { group: kind.group ?? '', version: kind.version } : parent;
  return Object.freeze({ apiVersion: formatApiVersion(gv), kind: kind.kind });
}
