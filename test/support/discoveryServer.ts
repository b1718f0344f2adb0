/**
 * A scripted API server that answers discovery only, from a short description of its group-versions:
 * aggregated (`apidiscovery.k8s.io/v2`) when asked for it and `aggregated` is on, classic otherwise.
 * For the failures a real server cannot be made to show on demand (a 403 on one group-version, a
 * stale aggregated API, a 503).
 */
import { type ScriptedAnswer, ScriptedServer } from './scriptedServer.js';

/** One served resource. */
export interface ServedResource {
  name: string;
  kind: string;
  namespaced: boolean;
  verbs?: string[];
  shortNames?: string[];
  /** Subresource names; `scale` answers `autoscaling/v1` `Scale`, the others the parent's kind. */
  subresources?: string[];
}

/** One served group-version; a group's versions are listed most preferred first. */
export interface ServedGroupVersion {
  group: string;
  version: string;
  resources: ServedResource[];
  /** Aggregated discovery marks it `Stale`. */
  stale?: boolean;
}

/** What the server serves, and how. */
export interface DiscoveryScript {
  served: ServedGroupVersion[];
  /** Answer roots with aggregated discovery when asked. @default true */
  aggregated?: boolean;
  /** Answers that replace the document of a path, e.g. `{ '/apis/g.io/v1': status(403, 'Forbidden') }`. */
  answers?: Record<string, ScriptedAnswer>;
}

const VERBS = ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'];

/** Starts a server answering `script` (changes to `script` show in later answers). */
export function discoveryServer(script: DiscoveryScript): Promise<ScriptedServer> {
  return ScriptedServer.start((req) => {
    const path = req.url.split('?')[0] ?? '';
    const override = script.answers?.[path];
    if (override) return override;
    const aggregated = (script.aggregated ?? true) && String(req.headers.accept).includes('as=APIGroupDiscoveryList');
    if (path === '/api' || path === '/apis') {
      const core = path === '/api';
      const served = script.served.filter((gv) => (gv.group === '') === core);
      if (aggregated) return { status: 200, body: aggregatedList(served) };
      if (core) return { status: 200, body: { kind: 'APIVersions', versions: served.map((gv) => gv.version) } };
      return { status: 200, body: { kind: 'APIGroupList', apiVersion: 'v1', groups: groupList(served) } };
    }
    const gv = script.served.find((g) => path === (g.group ? `/apis/${g.group}/${g.version}` : `/api/${g.version}`));
    if (!gv) return { status: 404, body: '404 page not found\n', headers: { 'content-type': 'text/plain' } };
    return { status: 200, body: resourceList(gv) };
  });
}

function groupsOf(served: ServedGroupVersion[]): Map<string, ServedGroupVersion[]> {
  const groups = new Map<string, ServedGroupVersion[]>();
  for (const gv of served) groups.set(gv.group, [...(groups.get(gv.group) ?? []), gv]);
  return groups;
}

function aggregatedList(served: ServedGroupVersion[]): object {
  return {
    kind: 'APIGroupDiscoveryList',
    apiVersion: 'apidiscovery.k8s.io/v2',
    metadata: {},
    items: [...groupsOf(served)].map(([group, versions]) => ({
      metadata: { name: group },
      versions: versions.map((gv) => ({
        version: gv.version,
        freshness: gv.stale ? 'Stale' : 'Current',
        resources: gv.resources.map((r) => ({
          resource: r.name,
          responseKind: { group, version: gv.version, kind: r.kind },
          scope: r.namespaced ? 'Namespaced' : 'Cluster',
          singularResource: r.kind.toLowerCase(),
          verbs: r.verbs ?? VERBS,
          ...(r.shortNames && { shortNames: r.shortNames }),
          subresources: (r.subresources ?? []).map((s) => ({
            subresource: s,
            responseKind:
              s === 'scale'
                ? { group: 'autoscaling', version: 'v1', kind: 'Scale' }
                : { group, version: gv.version, kind: r.kind },
            verbs: ['get', 'patch', 'update'],
          })),
        })),
      })),
    })),
  };
}

function groupList(served: ServedGroupVersion[]): object[] {
  return [...groupsOf(served)].map(([group, versions]) => {
    const list = versions.map((gv) => ({ groupVersion: `${group}/${gv.version}`, version: gv.version }));
    return { name: group, versions: list, preferredVersion: list[0] };
  });
}

function resourceList(gv: ServedGroupVersion): object {
  return {
    kind: 'APIResourceList',
    apiVersion: 'v1',
    groupVersion: gv.group ? `${gv.group}/${gv.version}` : gv.version,
    resources: gv.resources.flatMap((r) => [
      {
        name: r.name,
        singularName: r.kind.toLowerCase(),
        namespaced: r.namespaced,
        kind: r.kind,
        verbs: r.verbs ?? VERBS,
        ...(r.shortNames && { shortNames: r.shortNames }),
      },
      ...(r.subresources ?? []).map((s) => ({
        name: `${r.name}/${s}`,
        singularName: '',
        namespaced: r.namespaced,
        ...(s === 'scale' ? { group: 'autoscaling', version: 'v1', kind: 'Scale' } : { kind: r.kind }),
        verbs: ['get', 'patch', 'update'],
      })),
    ]),
  };
}
