import type { IncomingMessage, ServerResponse } from 'node:http';
import { parse as parseYaml } from 'yaml';
import { FakeApiError, findFakeApiError, type StatusCause } from '../engine/apiError.js';
import { forbidden as fieldForbidden, notSupported as fieldNotSupported } from '../engine/fieldErrors.js';
import { objectSelector } from '../engine/objectSelector.js';
import { PATCH_CONTENT_TYPES } from '../engine/patch.js';
import type { ResourceType } from '../engine/resourceRegistry.js';
import type { FakeStorage } from '../engine/storage.js';
import type { DeleteOptions, WriteOptions } from '../engine/storageOptions.js';
import type { FakeObject, FakeWatchEvent, GroupVersionResource, StoredObject } from '../engine/types.js';
import type { FaultInjector } from '../faults.js';
import {
  AGGREGATED_DISCOVERY_TYPE,
  aggregatedDiscovery,
  apiGroupList,
  apiGroupOf,
  apiResourceList,
  apiVersions,
  FAKE_VERSION,
  wantsAggregatedDiscovery,
} from './discovery.js';
import { openApiDocument, openApiIndex } from './openapi.js';
import { toPartialMetadata, wantsPartialMetadata } from './partialMetadata.js';
import { sendError, sendJson, sendPageNotFound } from './statusErrors.js';
import { type ServedTable, toTable, wantsTable } from './table.js';

/** Who made a request, as the token said. */
export type Caller = { user: string; restricted: boolean };

/** What the router needs from the server. */
export interface RouterContext {
  storage: FakeStorage;
  faults: FaultInjector;
  /** `host:port` for discovery's serverAddressByClientCIDRs. */
  address(): string;
  /** Whether `/api` and `/apis` answer with aggregated discovery when the client asks for it. */
  aggregatedDiscovery: boolean;
  /** Whether every write is refused with 405 MethodNotAllowed (a recording served read-only). */
  readOnly?: boolean;
  /** What `/version` answers. @default FAKE_VERSION */
  version?: object | undefined;
  /** The caller for a bearer token, or undefined when unknown. */
  authenticate(token: string | undefined): Caller | undefined;
  /** The Table recorded for a kind in a version (a recording served), or undefined. @default none */
  recordedTable?(type: ResourceType, version: string): ServedTable | undefined;
}

/** A resource request, parsed from its path. */
/** A resource request, parsed from its path. */
export interface ResourceRequest {
  gvr: GroupVersionResource;
  namespace: string | undefined;
  name: string | undefined;
  subresource: string | undefined;
}

/** The largest request body the real server reads (its `--max-request-body-bytes` default). */
const MAX_BODY = 3 * 1024 * 1024;

/** Handles one HTTP request against the storage: discovery, resources, watches. */
export async function route(ctx: RouterContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://fake');
  const segments = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
  const auth = req.headers.authorization;
  const caller = ctx.authenticate(auth?.startsWith('Bearer ') ? auth.slice(7) : undefined);
  if (!caller) {
    sendJson(res, 401, {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'Unauthorized',
      reason: 'Unauthorized',
      code: 401,
    });
    return;
  }
  if (
    ctx.aggregatedDiscovery &&
    (url.pathname === '/api' || url.pathname === '/apis') &&
    wantsAggregatedDiscovery(req.headers.accept)
  ) {
    const root = url.pathname === '/api' ? 'core' : 'named';
    sendJson(res, 200, aggregatedDiscovery(ctx.storage.registry, root), { 'content-type': AGGREGATED_DISCOVERY_TYPE });
    return;
  }
  const discovery = discover(ctx, segments);
  if (discovery !== null) {
    if (discovery === undefined) sendPageNotFound(res);
    else sendJson(res, 200, discovery);
    return;
  }
  const r = parseResourcePath(segments);
  if (!r || !ctx.storage.registry.find(r.gvr)) {
    sendPageNotFound(res);
    return;
  }
  const type = ctx.storage.typeOf(r.gvr);
  if (
    (type.namespaced ? false : r.namespace !== undefined) ||
    (r.subresource && !['status', 'scale'].includes(r.subresource))
  ) {
    sendPageNotFound(res);
    return;
  }
  const q = url.searchParams;
  const isWatch = req.method === 'GET' && !r.name && (q.get('watch') === 'true' || q.get('watch') === '1');
  const verb = verbOf(req.method ?? 'GET', r, isWatch);
  try {
    if (
      caller.restricted &&
      !(type.plural === 'customresourcedefinitions' && ['get', 'list', 'watch'].includes(verb))
    ) {
      throw forbidden(caller.user, verb, type, r);
    }
    if (ctx.readOnly && !['get', 'list', 'watch'].includes(verb)) {
      throw new FakeApiError(
        'MethodNotAllowed',
        `${verb} is not allowed: this server serves a recording read-only (serve it writable to write in memory)`,
        { group: type.group, kind: type.plural, ...(r.name ? { name: r.name } : {}) },
      );
    }
    await ctx.faults.before(isWatch ? 'watch' : verb === 'list' ? 'list' : 'other');
    if (isWatch) {
      // As the real server: selectors are judged before the stream starts (a 400, not an ERROR event).
      objectSelector(type, q.get('labelSelector') ?? undefined, q.get('fieldSelector') ?? undefined);
      serveWatch(ctx, req, res, r, q);
      return;
    }
    const result = await handle(ctx.storage, req, r, type, verb, q);
    const accept = req.headers.accept;
    const body = wantsTable(accept)
      ? toTable(result.body, tableOptions(ctx, type, r.gvr.version))
      : wantsPartialMetadata(accept) && (verb === 'get' || verb === 'list')
        ? toPartialMetadata(result.body)
        : result.body;
    // Warnings go out as the real server sends them: `299 - "<text>"`, one header each.
    const warnings = result.warnings.map((w) => `299 - ${JSON.stringify(w)}`);
    sendJson(res, result.code, body, warnings.length > 0 ? { warning: warnings } : {});
  } catch (err) {
    const expired = isWatch ? findFakeApiError(err, 'Expired') : undefined;
    if (expired) {
      // As the real server: a watch that cannot start is a 200 stream with one ERROR event.
      res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-cache, private' });
      res.end(`${JSON.stringify({ type: 'ERROR', object: expired.toStatus() })}\n`);
      return;
    }
    sendError(res, err);
  }
}

/** How the Table of a kind in a version is made now: its printer columns, its recorded Table. */
function tableOptions(ctx: RouterContext, type: ResourceType, version: string) {
  return {
    now: Date.now(),
    type,
    columns: type.printerColumns?.[version],
    recorded: ctx.recordedTable?.(type, version),
  };
}

function discover(ctx: RouterContext, s: string[]): object | undefined | null {
  const path = `/${s.join('/')}`;
  if (path === '/version') return ctx.version ?? FAKE_VERSION;
  if (path === '/openapi/v3') return openApiIndex(ctx.storage.registry);
  if (path.startsWith('/openapi/v3/')) return openApiDocument(ctx.storage.registry, path.slice('/openapi/v3/'.length));
  if (path === '/healthz' || path === '/readyz' || path === '/livez') return { status: 'ok' };
  if (path === '/api') return apiVersions(ctx.address());
  if (path === '/apis') return apiGroupList(ctx.storage.registry);
  if (s[0] === 'api' && s.length === 2)
    return s[1] === 'v1' ? apiResourceList(ctx.storage.registry, '', 'v1') : undefined;
  if (s[0] === 'apis' && s.length === 2) return apiGroupOf(ctx.storage.registry, s[1] as string);
  if (s[0] === 'apis' && s.length === 3) return apiResourceList(ctx.storage.registry, s[1] as string, s[2] as string);
  if (s[0] !== 'api' && s[0] !== 'apis') return undefined;
  return null;
}

function parseResourcePath(s: string[]): ResourceRequest | undefined {
  let group: string;
  let version: string;
  let rest: string[];
  if (s[0] === 'api' && s.length >= 3) {
    group = '';
    version = s[1] as string;
    rest = s.slice(2);
  } else if (s[0] === 'apis' && s.length >= 4) {
    group = s[1] as string;
    version = s[2] as string;
    rest = s.slice(3);
  } else {
    return undefined;
  }
  let namespace: string | undefined;
  const namespaceSub = rest.length === 3 && (rest[2] === 'status' || rest[2] === 'finalize') && group === '';
  if (rest[0] === 'namespaces' && rest.length >= 3 && !namespaceSub) {
    namespace = rest[1];
    rest = rest.slice(2);
  }
  if (rest.length === 0 || rest.length > 3) return undefined;
  return { gvr: { group, version, resource: rest[0] as string }, namespace, name: rest[1], subresource: rest[2] };
}

function verbOf(method: string, r: ResourceRequest, isWatch: boolean): string {
  if (isWatch) return 'watch';
  switch (method) {
    case 'GET':
      return r.name ? 'get' : 'list';
    case 'POST':
      return 'create';
    case 'PUT':
      return 'update';
    case 'PATCH':
      return 'patch';
    case 'DELETE':
      return r.name ? 'delete' : 'deletecollection';
    default:
      return method.toLowerCase();
  }
}

/** The 403 of an RBAC denial, as kube-apiserver words it. */
function forbidden(user: string, verb: string, type: ResourceType, r: ResourceRequest): FakeApiError {
  const resource = r.subresource ? `${type.plural}/${r.subresource}` : type.plural;
  const scope = r.namespace ? `in the namespace "${r.namespace}"` : 'at the cluster scope';
  return FakeApiError.forbidden(
    type,
    r.name ?? '',
    `User "${user}" cannot ${verb} resource "${resource}" in API group "${type.group}" ${scope}`,
  );
}

/** Reads a request body; one over {@link MAX_BODY} is 413 (read to its end, so the client gets the answer). */
async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of req as AsyncIterable<Buffer>) {
    size += c.length;
    if (size <= MAX_BODY) chunks.push(c);
  }
  if (size > MAX_BODY) {
    throw new FakeApiError('RequestEntityTooLarge', `Request entity too large: limit is ${MAX_BODY}`);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function parseBody(text: string, yaml: boolean): unknown {
  if (text.trim() === '') return undefined;
  try {
    return yaml ? parseYaml(text) : JSON.parse(text);
  } catch (err) {
    throw FakeApiError.badRequest(`the body of the request could not be decoded: ${(err as Error).message}`);
  }
}

const FIELD_VALIDATION = ['', 'Ignore', 'Strict', 'Warn'];

/**
 * The options of a write from its query, checked as the real server checks them (one 422 naming
 * every bad option): `dryRun` only `All`, `fieldValidation` one of its four values, `force` only
 * with apply.
 */
function optionsOf(
  q: URLSearchParams,
  optionsKind: 'CreateOptions' | 'UpdateOptions' | 'PatchOptions' | 'DeleteOptions',
  apply = false,
): { dryRun: boolean; fieldManager?: string; force: boolean; fieldValidation?: 'Ignore' | 'Warn' | 'Strict' } {
  const causes: StatusCause[] = [];
  const force = q.get('force');
  if (optionsKind === 'PatchOptions' && !apply && force !== null) {
    causes.push(fieldForbidden('force', 'may not be specified for non-apply patch'));
  }
  const dryRun = q.getAll('dryRun');
  if (dryRun.some((v) => v !== 'All')) causes.push(fieldNotSupported('dryRun', dryRun, ['All']));
  const validation = q.get('fieldValidation');
  if (optionsKind !== 'DeleteOptions' && validation !== null && !FIELD_VALIDATION.includes(validation)) {
    causes.push(fieldNotSupported('fieldValidation', validation, FIELD_VALIDATION));
  }
  if (causes.length > 0)
    throw FakeApiError.invalid({ group: 'meta.k8s.io', plural: '', kind: optionsKind }, '', causes);
  const fieldManager = q.get('fieldManager');
  return {
    dryRun: dryRun.length > 0,
    ...(fieldManager ? { fieldManager } : {}),
    force: force === 'true',
    ...(validation ? { fieldValidation: validation as 'Ignore' | 'Warn' | 'Strict' } : {}),
  };
}

/** `gracePeriodSeconds` of a delete: the query's, else the body's. */
const graceOf = (q: URLSearchParams, body: { gracePeriodSeconds?: number }): number | undefined =>
  numberParam(q, 'gracePeriodSeconds') ?? body.gracePeriodSeconds;

const numberParam = (q: URLSearchParams, key: string): number | undefined => {
  const v = q.get(key);
  return v === null || v === '' ? undefined : Number(v);
};

async function handle(
  storage: FakeStorage,
  req: IncomingMessage,
  r: ResourceRequest,
  type: ResourceType,
  verb: string,
  q: URLSearchParams,
): Promise<{ code: number; body: unknown; warnings: string[] }> {
  const { gvr, namespace } = r;
  const name = r.name ?? '';
  const sub = r.subresource as WriteOptions['subresource'];
  const contentType = (req.headers['content-type'] ?? 'application/json').split(';')[0]?.trim() ?? '';
  const warnings: string[] = [];
  const writeOpts = (kind: 'CreateOptions' | 'UpdateOptions' | 'PatchOptions', apply = false): WriteOptions => ({
    ...optionsOf(q, kind, apply),
    subresource: sub,
    onWarning: (w) => warnings.push(w),
  });
  switch (verb) {
    case 'get':
      if (sub === 'scale') return { code: 200, body: scaleOf(type, storage.get(gvr, namespace, name)), warnings };
      return { code: 200, body: storage.get(gvr, namespace, name), warnings };
    case 'list':
      return {
        code: 200,
        body: storage.list(gvr, namespace, {
          labelSelector: q.get('labelSelector') ?? undefined,
          fieldSelector: q.get('fieldSelector') ?? undefined,
          limit: numberParam(q, 'limit'),
          continue: q.get('continue') ?? undefined,
          resourceVersion: q.get('resourceVersion') ?? undefined,
          resourceVersionMatch: (q.get('resourceVersionMatch') ?? undefined) as 'Exact' | undefined,
        }),
        warnings,
      };
    case 'create': {
      assertJson(contentType);
      const opts = writeOpts('CreateOptions');
      const body = parseBody(await readBody(req), false) as FakeObject;
      if (!body || typeof body !== 'object') throw FakeApiError.badRequest('the body of the request was empty');
      return { code: 201, body: storage.create(gvr, namespace, body, opts), warnings };
    }
    case 'update': {
      assertJson(contentType);
      const opts = writeOpts('UpdateOptions');
      const body = parseBody(await readBody(req), false) as FakeObject;
      if (!body || typeof body !== 'object') throw FakeApiError.badRequest('the body of the request was empty');
      if (sub === 'scale') return { code: 200, body: updateScale(storage, type, r, body as ScaleBody, opts), warnings };
      return { code: 200, body: storage.update(gvr, namespace, name, body, opts), warnings };
    }
    case 'patch': {
      const patchType = PATCH_CONTENT_TYPES[contentType];
      if (!patchType) {
        throw new FakeApiError(
          'UnsupportedMediaType',
          `the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml${type.strategicMerge ? ', application/strategic-merge-patch+json' : ''}`,
        );
      }
      const opts = writeOpts('PatchOptions', patchType === 'apply');
      const patch = parseBody(await readBody(req), patchType === 'apply');
      if (sub === 'scale') {
        const current = scaleOf(type, storage.get(gvr, namespace, name));
        const replicas = (patch as ScaleBody | undefined)?.spec?.replicas ?? current.spec.replicas;
        return { code: 200, body: updateScale(storage, type, r, { spec: { replicas } }, opts), warnings };
      }
      const existed = patchType === 'apply' && exists(storage, r);
      const out = storage.patch(gvr, namespace, name, patchType, patch, opts);
      return { code: patchType === 'apply' && !existed ? 201 : 200, body: out, warnings };
    }
    case 'delete': {
      const body = (parseBody(await readBody(req), false) ?? {}) as Omit<DeleteOptions, 'dryRun'> & {
        dryRun?: string[];
      };
      const opts: DeleteOptions = {
        dryRun: optionsOf(q, 'DeleteOptions').dryRun || (body.dryRun ?? []).includes('All'),
        ...(body.preconditions ? { preconditions: body.preconditions } : {}),
        ...(graceOf(q, body) !== undefined ? { gracePeriodSeconds: graceOf(q, body) } : {}),
        propagationPolicy: (q.get('propagationPolicy') ??
          body.propagationPolicy ??
          undefined) as DeleteOptions['propagationPolicy'],
      };
      return { code: 200, body: storage.delete(gvr, namespace, name, opts), warnings };
    }
    case 'deletecollection': {
      const opts = { dryRun: optionsOf(q, 'DeleteOptions').dryRun };
      const list = storage.deleteCollection(
        gvr,
        namespace,
        { labelSelector: q.get('labelSelector') ?? undefined, fieldSelector: q.get('fieldSelector') ?? undefined },
        opts,
      );
      return { code: 200, body: list, warnings };
    }
    default:
      throw new FakeApiError('MethodNotAllowed', `the server does not allow this method on the requested resource`);
  }
}

/** Bodies are JSON only: protobuf and CBOR are 415, which client-go answers by sending JSON. */
function assertJson(contentType: string): void {
  if (contentType !== 'application/json' && contentType !== '') {
    throw new FakeApiError(
      'UnsupportedMediaType',
      `the body of the request was in an unknown format - accepted media types include: application/json, application/yaml`,
    );
  }
}

function exists(storage: FakeStorage, r: ResourceRequest): boolean {
  try {
    storage.get(r.gvr, r.namespace, r.name ?? '');
    return true;
  } catch {
    return false;
  }
}

/** The part of an `autoscaling/v1 Scale` a write reads. */
export interface ScaleBody {
  spec?: { replicas?: number };
}

function readPath(obj: unknown, path: string): unknown {
  let cur = obj;
  for (const k of path.replace(/^\./, '').split('.')) {
    if (typeof cur !== 'object' || cur === null) return undefined;
    cur = (cur as Record<string, unknown>)[k];
  }
  return cur;
}

/** The `scale` subresource of an object (404 for a kind without one). */
export function scaleOf(type: ResourceType, obj: StoredObject) {
  if (!type.scale) throw new FakeApiError('NotFound', 'the server could not find the requested resource', {});
  const specReplicas = readPath(obj, type.scale.specReplicasPath);
  if (specReplicas === undefined && type.crdName !== undefined) {
    throw FakeApiError.internal(`the spec replicas field "${type.scale.specReplicasPath}" does not exist`);
  }
  const m = obj.metadata;
  return {
    kind: 'Scale',
    apiVersion: 'autoscaling/v1',
    metadata: {
      name: m.name,
      namespace: m.namespace,
      uid: m.uid,
      resourceVersion: m.resourceVersion,
      creationTimestamp: m.creationTimestamp,
    },
    spec: { replicas: (specReplicas as number | undefined) ?? 0 },
    status: {
      replicas: (readPath(obj, type.scale.statusReplicasPath) as number | undefined) ?? 0,
      ...selectorOf(type.scale.labelSelectorPath ? readPath(obj, type.scale.labelSelectorPath) : undefined),
    },
  };
}

/**
 * A Scale's `status.selector`: a string as it is (custom resources), a LabelSelector or a plain
 * label map (built-in kinds' spec.selector) in the selector syntax, requirements sorted by key.
 */
function selectorOf(value: unknown): { selector?: string } {
  if (typeof value === 'string') return { selector: value };
  if (typeof value !== 'object' || value === null) return {};
  const s = value as {
    matchLabels?: Record<string, string>;
    matchExpressions?: Array<{ key: string; operator: string; values?: string[] }>;
  };
  const structured = 'matchLabels' in s || 'matchExpressions' in s;
  const labels = structured ? (s.matchLabels ?? {}) : (value as Record<string, string>);
  const parts: Array<[string, string]> = Object.entries(labels).map(([k, v]) => [k, `${k}=${v}`]);
  for (const e of structured ? (s.matchExpressions ?? []) : []) {
    const values = [...(e.values ?? [])].sort().join(',');
    const text =
      e.operator === 'In'
        ? `${e.key} in (${values})`
        : e.operator === 'NotIn'
          ? `${e.key} notin (${values})`
          : e.operator === 'Exists'
            ? e.key
            : `!${e.key}`;
    parts.push([e.key, text]);
  }
  parts.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return { selector: parts.map(([, t]) => t).join(',') };
}

/** Writes `spec.replicas` of a Scale into the object; answers the new Scale. */
export function updateScale(
  storage: FakeStorage,
  type: ResourceType,
  r: Pick<ResourceRequest, 'gvr' | 'namespace' | 'name'>,
  body: ScaleBody,
  opts: WriteOptions,
) {
  if (!type.scale) throw new FakeApiError('NotFound', 'the server could not find the requested resource', {});
  const keys = type.scale.specReplicasPath.replace(/^\./, '').split('.');
  const patch: Record<string, unknown> = {};
  let cur = patch;
  keys.forEach((k, i) => {
    cur[k] = i === keys.length - 1 ? (body.spec?.replicas ?? 0) : {};
    cur = cur[k] as Record<string, unknown>;
  });
  const out = storage.patch(r.gvr, r.namespace, r.name ?? '', 'merge', patch, { ...opts, subresource: undefined });
  return scaleOf(type, out);
}

function serveWatch(
  ctx: RouterContext,
  req: IncomingMessage,
  res: ServerResponse,
  r: ResourceRequest,
  q: URLSearchParams,
): void {
  res.writeHead(200, {
    'content-type': 'application/json',
    'cache-control': 'no-cache, private',
    'transfer-encoding': 'chunked',
  });
  res.flushHeaders();
  let stop = () => {};
  let untrack = () => {};
  let timer: NodeJS.Timeout | undefined;
  const end = () => {
    stop();
    untrack();
    if (timer) clearTimeout(timer);
    if (!res.writableEnded) res.end();
  };
  req.on('close', end);
  res.on('close', end);
  untrack = ctx.faults.trackWatch(end);
  const timeout = numberParam(q, 'timeoutSeconds');
  if (timeout !== undefined && timeout > 0) {
    timer = setTimeout(end, timeout * 1000);
    timer.unref();
  }
  if (ctx.faults.watchesStalled) return;
  const metadataOnly = wantsPartialMetadata(req.headers.accept);
  const table = wantsTable(req.headers.accept);
  const type = ctx.storage.typeOf(r.gvr);
  const write = (e: FakeWatchEvent) => {
    const changed = e.type === 'ADDED' || e.type === 'MODIFIED' || e.type === 'DELETED';
    const sent =
      table && changed
        ? { ...e, object: toTable(e.object, tableOptions(ctx, type, r.gvr.version)) }
        : metadataOnly && e.type !== 'ERROR'
          ? { ...e, object: toPartialMetadata(e.object) }
          : e;
    if (!res.writableEnded) res.write(`${JSON.stringify(sent)}\n`);
  };
  try {
    const w = ctx.storage.watch(
      r.gvr,
      r.namespace,
      {
        labelSelector: q.get('labelSelector') ?? undefined,
        fieldSelector: q.get('fieldSelector') ?? undefined,
        resourceVersion: q.get('resourceVersion') ?? undefined,
        sendInitialEvents: q.get('sendInitialEvents') === 'true',
        allowWatchBookmarks: q.get('allowWatchBookmarks') === 'true',
      },
      write,
    );
    stop = () => w.stop();
    if (res.writableEnded) w.stop();
  } catch (err) {
    const e = err instanceof FakeApiError ? err : FakeApiError.internal(String(err));
    write({ type: 'ERROR', object: e.toStatus() as unknown as FakeObject });
    end();
  }
}
