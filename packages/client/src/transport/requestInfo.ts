import type { Query } from './httpTransport.js';

/** What a request is about, read from its method, path and query as the API server reads them. */
export interface RequestInfo {
  /** `get`, `list`, `watch`, `create`, `update`, `patch`, `delete`, `deletecollection`; the lowercase method for non-resource paths. */
  readonly verb: string;
  /** The resource, with its subresource (`deployments/status`); the path itself for non-resource paths (`/apis`). */
  readonly resource: string;
  /** The namespace in the path, if any. */
  readonly namespace: string | undefined;
}

/**
 * The verb and resource of a request to `path` (`/api/v1/namespaces/x/configmaps/y`,
 * `/apis/apps/v1/deployments`), for spans and logs. Paths that name no resource (discovery) keep
 * the path as their resource.
 */
export function requestInfo(method: string, path: string, query: Query = {}): RequestInfo {
  const parts =
    path
      .split('?')[0]
      ?.split('/')
      .filter((p) => p !== '') ?? [];
  // /api/<version>/... or /apis/<group>/<version>/...
  const rest = parts[0] === 'api' ? parts.slice(2) : parts[0] === 'apis' ? parts.slice(3) : undefined;
  if (rest === undefined || rest.length === 0)
    return { verb: method.toLowerCase(), resource: path, namespace: undefined };
  let namespace: string | undefined;
  let segments = rest;
  if (segments[0] === 'namespaces' && segments.length >= 3) {
    namespace = segments[1];
    segments = segments.slice(2);
  }
  const [resource = '', name, subresource] = segments;
  const full = subresource ? `${resource}/${subresource}` : resource;
  const watch = query.watch === true || query.watch === 'true' || query.watch === 1 || query.watch === '1';
  const verb =
    method === 'GET'
      ? watch
        ? 'watch'
        : name === undefined
          ? 'list'
          : 'get'
      : method === 'POST'
        ? 'create'
        : method === 'PUT'
          ? 'update'
          : method === 'PATCH'
            ? 'patch'
            : method === 'DELETE'
              ? name === undefined
                ? 'deletecollection'
                : 'delete'
              : method.toLowerCase();
  return { verb, resource: full, namespace };
}
