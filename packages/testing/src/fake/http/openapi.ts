import type { ResourceRegistry } from '../engine/resourceRegistry.js';

const gvPath = (group: string, version: string) => (group ? `apis/${group}/${version}` : `api/${version}`);

/** `/openapi/v3`: one entry per served group/version (what kubectl reads before it validates). */
export function openApiIndex(registry: ResourceRegistry): object {
  const paths: Record<string, { serverRelativeURL: string }> = {};
  for (const t of registry.all()) {
    for (const v of t.versions) {
      const p = gvPath(t.group, v);
      paths[p] = { serverRelativeURL: `/openapi/v3/${p}` };
    }
  }
  return { paths };
}

/**
 * `/openapi/v3/<group-version path>`: a document naming each kind with an open schema, and write
 * operations that take `fieldValidation`, so that kubectl leaves validation to the server.
 */
export function openApiDocument(registry: ResourceRegistry, path: string): object | undefined {
  const schemas: Record<string, object> = {};
  const paths: Record<string, object> = {};
  for (const t of registry.all()) {
    for (const v of t.versions) {
      if (gvPath(t.group, v) !== path) continue;
      const gvk = { group: t.group, version: v, kind: t.kind };
      const op = (action: string) => ({
        'x-kubernetes-action': action,
        'x-kubernetes-group-version-kind': gvk,
        parameters: [{ name: 'fieldValidation', in: 'query', schema: { type: 'string', uniqueItems: true } }],
        responses: {},
      });
      const base = `/${path}${t.namespaced ? '/namespaces/{namespace}' : ''}/${t.plural}`;
      paths[base] = { post: op('post') };
      paths[`${base}/{name}`] = { put: op('put'), patch: op('patch') };
      schemas[`${t.group || 'core'}.${v}.${t.kind}`] = {
        type: 'object',
        'x-kubernetes-group-version-kind': [{ group: t.group, version: v, kind: t.kind }],
        'x-kubernetes-preserve-unknown-fields': true,
        properties: {
          apiVersion: { type: 'string' },
          kind: { type: 'string' },
          metadata: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
        },
      };
    }
  }
  if (Object.keys(schemas).length === 0) return undefined;
  return {
    openapi: '3.0.0',
    info: { title: 'Kubernetes (kubekit in-memory)', version: 'v1.34.0' },
    paths,
    components: { schemas },
  };
}
