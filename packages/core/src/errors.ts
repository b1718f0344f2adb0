/**
 * Kubernetes `Status` and the errors of the vocabulary: the base class {@link KubekitError}, one
 * class per `Status` reason an API server answers with ({@link apiErrorFrom} maps a `Status` to
 * its class; selectors refused the way the server refuses them throw the same), bad input, owner
 * references that cannot be set, and objects that do not fit their kind descriptor. Each has a
 * readonly literal `reason`; test for them with the `isXxx(e)` helpers, which check `reason`.
 */

/** A field-level cause from a `Status` body's `details.causes`. */
export interface StatusCause {
  /** Machine-readable cause, e.g. `FieldValueInvalid`. */
  readonly reason?: string;
  /** Human-readable description. */
  readonly message?: string;
  /** The field the cause is about, e.g. `spec.size`. */
  readonly field?: string;
}

/** The Kubernetes `Status` object an API server answers failures with. */
export interface Status {
  /** `v1` when set. */
  apiVersion?: string;
  /** `Status` when set. */
  kind?: string;
  /** `Failure` for an error (`Success` only on some deletes). */
  status?: string;
  /** A human-readable description of the error: what kubectl prints. */
  message?: string;
  /**
   * A machine-readable reason (`NotFound`, `Conflict`, `Invalid`, ...); empty when the server gave none, and then the
   * code decides.
   */
  reason?: string;
  /** The HTTP status code, repeated in the body. */
  code?: number;
  /** More about the object the failure is about, and field-level causes. */
  details?: {
    /** The name of the object, when the failure is about one. */
    name?: string;
    /** The API group of the object's kind. */
    group?: string;
    /** The object's kind (or resource, on some answers). */
    kind?: string;
    /** The object's UID, on some conflicts and deletes. */
    uid?: string;
    /** Field-level causes: which fields were invalid and why. */
    causes?: StatusCause[];
    /** Seconds the client should wait before retrying (429, 503, 504). */
    retryAfterSeconds?: number;
  };
}

/** The `reason` of every API error class. */
export type ApiErrorReason =
  | 'BadRequest'
  | 'Unauthorized'
  | 'Forbidden'
  | 'NotFound'
  | 'MethodNotAllowed'
  | 'AlreadyExists'
  | 'Conflict'
  | 'Gone'
  | 'Expired'
  | 'UnsupportedMediaType'
  | 'Invalid'
  | 'TooManyRequests'
  | 'InternalError'
  | 'ServerTimeout'
  | 'Timeout'
  | 'ServiceUnavailable'
  | 'Unknown';

/**
 * Base of every error kubekit throws, in every package: a readonly literal `reason` saying what went
 * wrong, a `retryable` flag saying whether trying the same thing again may succeed, and the error it
 * wraps as `cause` (the standard `Error` option). Each subclass has an `isXxx(e)` guard that checks
 * `reason`, not `instanceof`, which two copies of a package would break.
 */
export abstract class KubekitError extends Error {
  /** What went wrong, as a literal (`'NotFound'`, `'InvalidInput'`, `'CacheSyncTimeout'`, ...). */
  abstract readonly reason: string;
  /** Whether trying the same thing again may succeed (see docs/core.md, "Errors"). */
  abstract readonly retryable: boolean;
}

/** Options every API error is built from. */
export interface ApiErrorInit {
  /** The HTTP status code. */
  code: number;
  /** The server's `Status` body, when it sent one. */
  status?: Status;
  /** Request method and path, for the message. */
  request?: string;
  /** Seconds the server asked the client to wait (from `Retry-After` or `details`). */
  retryAfterSeconds?: number;
  /** The error that led to this one (a transport error, a decode failure), kept as the error's `cause`. */
  cause?: unknown;
}

/** An error answer from the API server (a `Status` body with a failure code). */
export class ApiError extends KubekitError {
  /** The class name (`'NotFoundError'`, ...), which logs and stack traces start with. */
  override readonly name: string = 'ApiError';
  readonly reason: ApiErrorReason = 'Unknown';
  readonly retryable: boolean = false;
  /** The HTTP status code. */
  readonly code: number;
  /** The server's `Status` body (empty when it sent none). */
  readonly status: Status;
  /** Field-level causes (`details.causes`). */
  readonly causes: readonly StatusCause[];
  /** Seconds to wait before retrying, when the server said so. */
  readonly retryAfterSeconds: number | undefined;

  constructor(init: ApiErrorInit) {
    const message = init.status?.message ?? `HTTP ${init.code}`;
    super(init.request ? `${message} (${init.request})` : message, { cause: init.cause });
    this.code = init.code;
    this.status = init.status ?? {};
    this.causes = init.status?.details?.causes ?? [];
    this.retryAfterSeconds = init.retryAfterSeconds ?? init.status?.details?.retryAfterSeconds;
  }
}

/** 400 with no more specific reason. Not retryable. */
export class BadRequestError extends ApiError {
  override readonly name = 'BadRequestError';
  override readonly reason = 'BadRequest';
}
/** 401: the credentials were missing or refused. Not retryable. */
export class UnauthorizedError extends ApiError {
  override readonly name = 'UnauthorizedError';
  override readonly reason = 'Unauthorized';
}
/** 403: authenticated, but not allowed. Not retryable. */
export class ForbiddenError extends ApiError {
  override readonly name = 'ForbiddenError';
  override readonly reason = 'Forbidden';
}
/** 404: the object (or the resource) does not exist. Not retryable. */
export class NotFoundError extends ApiError {
  override readonly name = 'NotFoundError';
  override readonly reason = 'NotFound';
}
/** 405: the resource does not support this verb. Not retryable. */
export class MethodNotAllowedError extends ApiError {
  override readonly name = 'MethodNotAllowedError';
  override readonly reason = 'MethodNotAllowed';
}
/** 409 on create: an object of that name exists. Not retryable. */
export class AlreadyExistsError extends ApiError {
  override readonly name = 'AlreadyExistsError';
  override readonly reason = 'AlreadyExists';
}
/** 409: a stale `resourceVersion` or a failed precondition. Retryable after reading again. */
export class ConflictError extends ApiError {
  override readonly name = 'ConflictError';
  override readonly reason = 'Conflict';
  override readonly retryable = true;
}
/**
 * 410: the resourceVersion or continue token is too old (`reason` `Expired` or `Gone`, as the server
 * said). Retryable by listing again from scratch, not by repeating the request.
 */
export class GoneError extends ApiError {
  override readonly name = 'GoneError';
  override readonly reason: 'Gone' | 'Expired';
  constructor(init: ApiErrorInit) {
    super(init);
    this.reason = init.status?.reason === 'Expired' ? 'Expired' : 'Gone';
  }
}
/** 415: the server does not accept this patch type (e.g. strategic merge on a custom resource). */
export class UnsupportedMediaTypeError extends ApiError {
  override readonly name = 'UnsupportedMediaTypeError';
  override readonly reason = 'UnsupportedMediaType';
}
/** 422: the object failed validation; `causes` name the fields. Not retryable. */
export class InvalidError extends ApiError {
  override readonly name = 'InvalidError';
  override readonly reason = 'Invalid';
}
/** 429: client or server throttling; `retryAfterSeconds` says how long to wait. Retryable. */
export class TooManyRequestsError extends ApiError {
  override readonly name = 'TooManyRequestsError';
  override readonly reason = 'TooManyRequests';
  override readonly retryable = true;
}
/** 500. Retryable. */
export class InternalError extends ApiError {
  override readonly name = 'InternalError';
  override readonly reason = 'InternalError';
  override readonly retryable = true;
}
/** 504, or a `Status` with reason `ServerTimeout`/`Timeout`. Retryable. */
export class ServerTimeoutError extends ApiError {
  override readonly name = 'ServerTimeoutError';
  override readonly reason: 'ServerTimeout' | 'Timeout';
  override readonly retryable = true;
  constructor(init: ApiErrorInit) {
    super(init);
    this.reason = init.status?.reason === 'Timeout' ? 'Timeout' : 'ServerTimeout';
  }
}
/** 503 (and 502). Retryable. */
export class ServiceUnavailableError extends ApiError {
  override readonly name = 'ServiceUnavailableError';
  override readonly reason = 'ServiceUnavailable';
  override readonly retryable = true;
}

/** Bad input caught before any request was sent. `field` names what was wrong. Not retryable. */
export class InvalidInputError extends KubekitError {
  /** The class name, `'InvalidInputError'`: what logs and stack traces start with. */
  override readonly name = 'InvalidInputError';
  readonly reason = 'InvalidInput';
  readonly retryable = false;
  constructor(
    /** The offending field, e.g. `metadata.name`, `namespace`, `apiVersion`. */
    readonly field: string,
    message: string,
    /** `cause`: the error the bad input led to, when there was one (e.g. `JSON.stringify`'s). */
    options: { cause?: unknown } = {},
  ) {
    super(`${field}: ${message}`, options);
  }
}

/**
 * `setControllerReference`: another owner controls the object already (an object has at most one
 * controller). Not retryable.
 */
export class AlreadyOwnedError extends KubekitError {
  /** The class name, `'AlreadyOwnedError'`: what logs and stack traces start with. */
  override readonly name = 'AlreadyOwnedError';
  readonly reason = 'AlreadyOwned';
  readonly retryable = false;
  constructor(
    /** The object, e.g. `ConfigMap default/web`. */
    readonly object: string,
    /** Its current controller, e.g. `Deployment web`. */
    readonly controller: string,
    /** The error that led to this one, kept as `cause`, when there is one. */
    options: { cause?: unknown } = {},
  ) {
    super(`${object} is already controlled by ${controller}`, options);
  }
}

/**
 * An owner reference that cannot be set: a namespaced owner of a cluster-scoped object or of an
 * object in another namespace, or an object as owner of itself or of one of its own owners. Not
 * retryable.
 */
export class InvalidOwnerError extends KubekitError {
  /** The class name, `'InvalidOwnerError'`: what logs and stack traces start with. */
  override readonly name = 'InvalidOwnerError';
  readonly reason = 'InvalidOwner';
  readonly retryable = false;
}

/**
 * A manifest text (YAML or JSON, one or more documents) that cannot be read: a document does not
 * parse, or is not an object. `source` and `document` say where. Not retryable: the text has to
 * change.
 */
export class InvalidManifestError extends KubekitError {
  /** The class name, `'InvalidManifestError'`: what logs and stack traces start with. */
  override readonly name = 'InvalidManifestError';
  readonly reason = 'InvalidManifest';
  readonly retryable = false;
  constructor(
    /** What the text came from, e.g. a file name or `stdin`. */
    readonly source: string,
    /** The document that failed, from 1. */
    readonly document: number,
    problem: string,
    options: { cause?: unknown } = {},
  ) {
    super(`cannot parse ${source} (document ${document}): ${problem}`, options);
  }
}

/** The object a {@link CodecError} is about, as far as it names itself. */
export interface CodecErrorObject {
  /** The descriptor's apiVersion, e.g. `v1`. */
  readonly apiVersion: string;
  /** The descriptor's kind, e.g. `ConfigMap`. */
  readonly kind: string;
  /** `undefined` for a cluster-scoped object (or one that names no namespace yet). */
  readonly namespace: string | undefined;
  /** `undefined` for an object that names none (e.g. one created with `generateName`). */
  readonly name: string | undefined;
}

/**
 * An object did not fit its kind descriptor: its `decode` threw on a read (`reason` `Decode`:
 * the object as the server keeps it is not what the descriptor declares) or its `encode` threw on a
 * write (`Encode`: the value cannot be turned into what the server takes; nothing was sent). Only
 * the read or write of that object fails: the same object read with a kind without `decode` (e.g.
 * `builtinKinds.ConfigMap`) comes back as the server keeps it. `object` names the object, `path`
 * the field when the descriptor said which, and `cause` is the descriptor's own error. Not
 * retryable: the object or the descriptor has to change.
 */
export class CodecError extends KubekitError {
  /** The class name, `'CodecError'`: what logs and stack traces start with. */
  override readonly name = 'CodecError';
  readonly reason: 'Decode' | 'Encode';
  readonly retryable = false;
  /** The object that did not fit. */
  readonly object: CodecErrorObject;
  /** The field that did not fit, e.g. `data.port`, when the descriptor's error names one. */
  readonly path: string | undefined;

  constructor(reason: 'Decode' | 'Encode', object: CodecErrorObject, options: { cause?: unknown } = {}) {
    const path = fieldPathOf(options.cause);
    const where = object.name === undefined ? '' : ` "${object.namespace ? `${object.namespace}/` : ''}${object.name}"`;
    const what = reason === 'Decode' ? 'does not fit its kind descriptor' : 'cannot be encoded by its kind descriptor';
    const detail = options.cause instanceof Error ? options.cause.message : String(options.cause);
    super(`${object.kind}${where} (${object.apiVersion}) ${what}${path ? ` at ${path}` : ''}: ${detail}`, options);
    this.reason = reason;
    this.object = object;
    this.path = path;
  }
}

/**
 * The field a descriptor's error names: its `path` when that is a string (`CrdError`), else the
 * path of its first issue (a `ZodError`, or any Standard Schema failure), dotted, with `[i]` for
 * list indexes.
 */
function fieldPathOf(cause: unknown): string | undefined {
  if (typeof cause !== 'object' || cause === null) return undefined;
  const { path, issues } = cause as { path?: unknown; issues?: unknown };
  if (typeof path === 'string' && path !== '') return path;
  const first = Array.isArray(issues) ? (issues[0] as { path?: unknown } | undefined) : undefined;
  if (!Array.isArray(first?.path) || first.path.length === 0) return undefined;
  let out = '';
  for (const step of first.path as unknown[]) {
    const key = typeof step === 'object' && step !== null ? (step as { key?: unknown }).key : step;
    out += typeof key === 'number' ? `[${key}]` : `${out ? '.' : ''}${String(key)}`;
  }
  return out;
}

const STATUS_REASONS: ReadonlySet<string> = new Set<ApiErrorReason>([
  'BadRequest',
  'Unauthorized',
  'Forbidden',
  'NotFound',
  'MethodNotAllowed',
  'AlreadyExists',
  'Conflict',
  'Gone',
  'Expired',
  'UnsupportedMediaType',
  'Invalid',
  'TooManyRequests',
  'InternalError',
  'ServerTimeout',
  'Timeout',
  'ServiceUnavailable',
]);

/** The `reason` an answer stands for: the `Status` body's reason, else one derived from the code. */
function reasonOf(code: number, status: Status | undefined): ApiErrorReason {
  const said = status?.reason;
  if (said && STATUS_REASONS.has(said)) return said as ApiErrorReason;
  switch (code) {
    case 400:
      return 'BadRequest';
    case 401:
      return 'Unauthorized';
    case 403:
      return 'Forbidden';
    case 404:
      return 'NotFound';
    case 405:
      return 'MethodNotAllowed';
    case 409:
      return 'Conflict';
    case 410:
      return 'Gone';
    case 415:
      return 'UnsupportedMediaType';
    case 422:
      return 'Invalid';
    case 429:
      return 'TooManyRequests';
    case 500:
      return 'InternalError';
    case 502:
    case 503:
      return 'ServiceUnavailable';
    case 504:
      return 'ServerTimeout';
    default:
      return 'Unknown';
  }
}

/** Whether a value looks like a Kubernetes `Status` object. */
export function isStatus(value: unknown): value is Status {
  return typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === 'Status';
}

/** The error class for an HTTP failure answer and its (optional) `Status` body. */
export function apiErrorFrom(init: ApiErrorInit): ApiError {
  switch (reasonOf(init.code, init.status)) {
    case 'BadRequest':
      return new BadRequestError(init);
    case 'Unauthorized':
      return new UnauthorizedError(init);
    case 'Forbidden':
      return new ForbiddenError(init);
    case 'NotFound':
      return new NotFoundError(init);
    case 'MethodNotAllowed':
      return new MethodNotAllowedError(init);
    case 'AlreadyExists':
      return new AlreadyExistsError(init);
    case 'Conflict':
      return new ConflictError(init);
    case 'Gone':
    case 'Expired':
      return new GoneError(init);
    case 'UnsupportedMediaType':
      return new UnsupportedMediaTypeError(init);
    case 'Invalid':
      return new InvalidError(init);
    case 'TooManyRequests':
      return new TooManyRequestsError(init);
    case 'InternalError':
      return new InternalError(init);
    case 'ServerTimeout':
    case 'Timeout':
      return new ServerTimeoutError(init);
    case 'ServiceUnavailable':
      return new ServiceUnavailableError(init);
    default:
      return new ApiError(init);
  }
}

/**
 * The error class each core `reason` stands for: what {@link findReason} returns for it, so
 * `findReason(e, 'NotFound')?.status` is typed. Other reasons give an `Error`.
 */
export interface ReasonErrors {
  /** 400: the request could not be read. */
  BadRequest: BadRequestError;
  /** 401: no valid credentials. */
  Unauthorized: UnauthorizedError;
  /** 403: not allowed (RBAC). */
  Forbidden: ForbiddenError;
  /** 404: no such object. */
  NotFound: NotFoundError;
  /** 405: the resource does not take this verb. */
  MethodNotAllowed: MethodNotAllowedError;
  /** 409: an object of that name exists. */
  AlreadyExists: AlreadyExistsError;
  /** 409: a stale resourceVersion or failed precondition. */
  Conflict: ConflictError;
  /** 410: the resourceVersion is too old. */
  Gone: GoneError;
  /** 410: a continue token expired. */
  Expired: GoneError;
  /** 415: the content type is not accepted (e.g. a patch type). */
  UnsupportedMediaType: UnsupportedMediaTypeError;
  /** 422: the object failed validation. */
  Invalid: InvalidError;
  /** 429: throttled. */
  TooManyRequests: TooManyRequestsError;
  /** 500: the server failed. */
  InternalError: InternalError;
  /** 504 or 500: the server timed out. */
  ServerTimeout: ServerTimeoutError;
  /** 504: the request timed out on the server. */
  Timeout: ServerTimeoutError;
  /** 503: the server is unavailable. */
  ServiceUnavailable: ServiceUnavailableError;
  /** Bad input caught before sending. */
  InvalidInput: InvalidInputError;
  /** Another owner controls the object. */
  AlreadyOwned: AlreadyOwnedError;
  /** An owner reference that cannot be set. */
  InvalidOwner: InvalidOwnerError;
  /** Manifest text that cannot be read. */
  InvalidManifest: InvalidManifestError;
  /** An object read did not fit its kind descriptor. */
  Decode: CodecError;
  /** An object written did not fit its kind descriptor. */
  Encode: CodecError;
}

/** How deep {@link findReason} follows `cause` links (a guard against absurdly long chains). */
const MAX_CAUSE_DEPTH = 32;

/**
 * The first error in the chain `e`, `e.cause`, `e.cause.cause`... (of any copy of any kubekit
 * package) whose `reason` is one of `reasons`, as Go's `errors.As`: an error wrapped by
 * `new Error('reconcile x', { cause })` still answers for what its cause was. Reads `reason`, never
 * `name` or `instanceof`, which two copies of a package would break. A cycle of causes ends the
 * search. `undefined` when no error in the chain has one of the reasons. Typed by {@link ReasonErrors}
 * for core reasons (`findReason(e, 'Conflict')` is a `ConflictError`); the `isXxx` guards answer
 * `boolean`, since the match may be a cause of `e`, not `e`.
 */
export function findReason<R extends keyof ReasonErrors>(
  e: unknown,
  ...reasons: readonly R[]
): ReasonErrors[R] | undefined;
export function findReason(e: unknown, ...reasons: readonly string[]): KubekitError | Error | undefined;
export function findReason(e: unknown, ...reasons: readonly string[]): Error | undefined {
  const seen = new Set<unknown>();
  for (let cur = e, depth = 0; typeof cur === 'object' && cur !== null && depth < MAX_CAUSE_DEPTH; depth++) {
    if (seen.has(cur)) return undefined;
    seen.add(cur);
    const reason = (cur as { reason?: unknown }).reason;
    if (typeof reason === 'string' && reasons.includes(reason)) return cur as Error;
    cur = (cur as { cause?: unknown }).cause;
  }
  return undefined;
}

/**
 * Whether `e`, or an error in its `cause` chain, has one of `reasons` (see {@link findReason}): the
 * one check behind every `isXxx` guard in kubekit, so `isNotFound(new Error('x', { cause:
 * notFound }))` is true. The guards return `boolean`, not a type predicate, because the match may
 * be a cause of `e`; take the matching error itself with {@link findReason}.
 */
export function hasReason(e: unknown, ...reasons: readonly string[]): boolean {
  return findReason(e, ...reasons) !== undefined;
}

/** Whether `e` is a 404 `NotFound`. */
export const isNotFound = (e: unknown): boolean => hasReason(e, 'NotFound');
/** Whether `e` is a 409 `AlreadyExists`. */
export const isAlreadyExists = (e: unknown): boolean => hasReason(e, 'AlreadyExists');
/** Whether `e` is a 409 `Conflict` (stale resourceVersion, failed precondition). */
export const isConflict = (e: unknown): boolean => hasReason(e, 'Conflict');
/** Whether `e` is a 400 `BadRequest` (e.g. a selector the server cannot parse). */
export const isBadRequest = (e: unknown): boolean => hasReason(e, 'BadRequest');
/** Whether `e` is a 422 `Invalid`. */
export const isInvalid = (e: unknown): boolean => hasReason(e, 'Invalid');
/** Whether `e` is a 403 `Forbidden`. */
export const isForbidden = (e: unknown): boolean => hasReason(e, 'Forbidden');
/** Whether `e` is a 401 `Unauthorized`. */
export const isUnauthorized = (e: unknown): boolean => hasReason(e, 'Unauthorized');
/** Whether `e` is a 410 (`Gone` or `Expired`): list again from scratch. */
export const isGone = (e: unknown): boolean => hasReason(e, 'Gone', 'Expired');
/** Whether `e` is a 429 `TooManyRequests`. */
export const isTooManyRequests = (e: unknown): boolean => hasReason(e, 'TooManyRequests');
/** Whether `e` is a server-side timeout (`ServerTimeout` or `Timeout`). */
export const isServerTimeout = (e: unknown): boolean => hasReason(e, 'ServerTimeout', 'Timeout');
/** Whether `e` is a 500 `InternalError`. */
export const isInternalError = (e: unknown): boolean => hasReason(e, 'InternalError');
/** Whether `e` is a 415 `UnsupportedMediaType`. */
export const isUnsupportedMediaType = (e: unknown): boolean => hasReason(e, 'UnsupportedMediaType');
/** Whether `e` is bad input caught before sending. */
export const isInvalidInput = (e: unknown): boolean => hasReason(e, 'InvalidInput');
/** Whether `e` says another owner controls the object already (see {@link AlreadyOwnedError}). */
export const isAlreadyOwned = (e: unknown): boolean => hasReason(e, 'AlreadyOwned');
/** Whether `e` is an owner reference that cannot be set (see {@link InvalidOwnerError}). */
export const isInvalidOwner = (e: unknown): boolean => hasReason(e, 'InvalidOwner');
/** Whether `e` is a manifest text that cannot be read (see {@link InvalidManifestError}). */
export const isInvalidManifest = (e: unknown): boolean => hasReason(e, 'InvalidManifest');
/** Whether `e` says an object did not fit its kind descriptor (`Decode` on a read, `Encode` on a write). */
export const isCodecError = (e: unknown): boolean => hasReason(e, 'Decode', 'Encode');

/** Whether `e` is an error answer from the API server (any status code). */
export function isApiError(e: unknown): e is ApiError {
  return (
    typeof e === 'object' &&
    e !== null &&
    typeof (e as { code?: unknown }).code === 'number' &&
    (STATUS_REASONS.has((e as { reason?: string }).reason ?? '') || (e as { reason?: unknown }).reason === 'Unknown')
  );
}

/** Whether repeating the request may succeed: a `KubekitError` (of any package) whose `retryable` is true. */
export function isRetryable(e: unknown): boolean {
  return typeof e === 'object' && e !== null && (e as { retryable?: unknown }).retryable === true;
}

/** `undefined` for a `NotFound` error, otherwise rethrows: `const w = await c.get(...).catch(ignoreNotFound)`. */
export function ignoreNotFound(e: unknown): undefined {
  if (isNotFound(e)) return undefined;
  throw e;
}

/** `undefined` for an `AlreadyExists` error, otherwise rethrows. */
export function ignoreAlreadyExists(e: unknown): undefined {
  if (isAlreadyExists(e)) return undefined;
  throw e;
}
