import { createHash } from 'node:crypto';
import { formatApiVersion } from '@kubekit/core';
import { ALL_VERBS, type ResourceRegistry, type ResourceType } from '../engine/resourceRegistry.js';

/** What `/version` answers. */
export const FAKE_VERSION = {
  major: '1',
  minor: '37',
  gitVersion: 'v1.37.2-kubekit-fake',
  gitCommit: '',
  gitTreeState: '',
  buildDate: '1970-01-01T00:00:00Z',
  goVersion: 'none',
  compiler: 'none',
  platform: `${process.platform}/${process.arch}`,
};

/** The hash discovery shows for a resource's storage version: base64 of the first 8 bytes of sha256(`group/version/Kind`). */
function storageVersionHashOf(storedAs: string): string {
  return createHash('sha256').update(storedAs).digest().subarray(0, 8).toString('base64');
}

function groupVersions(registry: ResourceRegistry): Map<string, string[]> {
  const groups = new Map<string, string[]>();
  for (const t of registry.all()) {
    if (t.group === '') continue;
    const versions = groups.get(t.group) ?? [];
    for (const v of t.versions) if (!versions.includes(v)) versions.push(v);
    groups.set(t.group, versions);
  }
  return groups;
}

/** `/api`: the core group's versions. */
export function apiVersions(address: string): object {
  return {
    kind: 'APIVersions',
    versions: ['v1'],
    serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: address }],
  };
}

/** `/apis`: every named group with its versions. */
export function apiGroupList(registry: ResourceRegistry): object {
  return {
    kind: 'APIGroupList',
    apiVersion: 'v1',
    groups: [...groupVersions(registry)]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([name, versions]) => apiGroup(name, versions)),
  };
}

/** `/apis/<group>`, or undefined when no kind is served in the group. */
export function apiGroupOf(registry: ResourceRegistry, group: string): object | undefined {
  const versions = groupVersions(registry).get(group);
  return versions ? { kind: 'APIGroup', apiVersion: 'v1', ...apiGroup(group, versions) } : undefined;
}

function apiGroup(name: string, versions: string[]) {
  const list = versions.map((version) => ({ groupVersion: `${name}/${version}`, version }));
  return { name, versions: list, preferredVersion: list[0] };
}

/** `/api/v1` or `/apis/<group>/<version>`: the kinds and subresources served there, or undefined. */
export function apiResourceList(registry: ResourceRegistry, group: string, version: string): object | undefined {
  const types = registry.all().filter((t) => t.group === group && t.versions.includes(version));
  if (types.length === 0) return undefined;
  return {
    kind: 'APIResourceList',
    apiVersion: 'v1',
    groupVersion: formatApiVersion({ group, version }),
    resources: types.flatMap((t) => resourcesOf(t)),
  };
}

function resourcesOf(t: ResourceType): object[] {
  const out: object[] = [
    {
      name: t.plural,
      singularName: t.singular,
      namespaced: t.namespaced,
      kind: t.kind,
      verbs: t.verbs ?? ALL_VERBS,
      ...(t.shortNames ? { shortNames: t.shortNames } : {}),
      ...(t.categories ? { categories: t.categories } : {}),
      storageVersionHash: storageVersionHashOf(t.storedAs ?? `${t.group}/${t.storageVersion}/${t.kind}`),
    },
  ];
  if (t.status)
    out.push({
      name: `${t.plural}/status`,
      singularName: '',
      namespaced: t.namespaced,
      kind: t.kind,
      verbs: ['get', 'patch', 'update'],
    });
  if (t.scale) {
    out.push({
      name: `${t.plural}/scale`,
      singularName: '',
      namespaced: t.namespaced,
      group: 'autoscaling',
      version: 'v1',
      kind: 'Scale',
      verbs: ['get', 'patch', 'update'],
    });
  }
  return out;
}

/** The media type of aggregated discovery (`apidiscovery.k8s.io/v2`), as kube-apiserver 1.30+ serves it. */
export const AGGREGATED_DISCOVERY_TYPE = 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList';

/** Whether an `Accept` header asks for aggregated discovery v2 (in any position of its list). */
export function wantsAggregatedDiscovery(accept: string | undefined): boolean {
  return (accept ?? '').split(',').some((range) => {
    const params = new Set(range.split(';').map((p) => p.trim().replace(/\s+/g, '')));
    return params.has('g=apidiscovery.k8s.io') && params.has('v=v2') && params.has('as=APIGroupDiscoveryList');
  });
}

/**
 * `/api` (`core`) or `/apis` as an `APIGroupDiscoveryList`: every group with its versions (most
 * preferred first) and each version's resources with their subresources.
 */
export function aggregatedDiscovery(registry: ResourceRegistry, root: 'core' | 'named'): object {
  const groups =
    root === 'core' ? [['', ['v1']] as const] : [...groupVersions(registry)].sort(([a], [b]) => a.localeCompare(b));
  const types = registry.all();
  return {
    kind: 'APIGroupDiscoveryList',
    apiVersion: 'apidiscovery.k8s.io/v2',
    metadata: {},
    items: groups.map(([name, versions]) => ({
      metadata: name ? { name } : {},
      versions: versions.map((version) => ({
        version,
        resources: types
          .filter((t) => t.group === name && t.versions.includes(version))
          .map((t) => resourceDiscovery(t, version)),
        freshness: 'Current',
      })),
    })),
  };
}

function resourceDiscovery(t: ResourceType, version: string): object {
  // as kube-apiserver: built-in kinds leave group and version empty (the parent's), CRDs name them
  const kind = t.crdName ? { group: t.group, version, kind: t.kind } : { group: '', version: '', kind: t.kind };
  const subresources: object[] = [];
  if (t.scale) {
    subresources.push({
      subresource: 'scale',
      responseKind: { group: 'autoscaling', version: 'v1', kind: 'Scale' },
      verbs: ['get', 'patch', 'update'],
    });
  }
  if (t.status) subresources.push({ subresource: 'status', responseKind: kind, verbs: ['get', 'patch', 'update'] });
  return {
    resource: t.plural,
    responseKind: kind,
    scope: t.namespaced ? 'Namespaced' : 'Cluster',
    singularResource: t.singular,
    verbs: t.verbs ?? ALL_VERBS,
    ...(t.shortNames ? { shortNames: t.shortNames } : {}),
    ...(t.categories ? { categories: t.categories } : {}),
    ...(subresources.length > 0 ? { subresources } : {}),
  };
}
