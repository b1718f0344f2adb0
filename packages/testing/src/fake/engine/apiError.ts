import { apiErrorFrom, findReason, KubekitError, type Status, type StatusCause } from '@kubekit/core';

/** The `reason` values of Kubernetes Status errors the fake API server answers with. */
export type FakeApiErrorReason =
  | 'NotFound'
  | 'AlreadyExists'
  | 'Conflict'
  | 'Invalid'
  | 'BadRequest'
  | 'Gone'
  | 'Expired'
  | 'Forbidden'
  | 'Unauthorized'
  | 'MethodNotAllowed'
  | 'UnsupportedMediaType'
  | 'RequestEntityTooLarge'
  | 'TooManyRequests'
  | 'InternalError'
  | 'ServiceUnavailable'
  /** No reason (the real server's empty `StatusReasonUnknown`): the body has none. */
  | 'Unknown';

/** One cause of an `Invalid` error (the client's type: which field, and what is wrong with it). */
export type { StatusCause };

/** `details` of a Status, as the real server fills it. */
export type StatusDetails = NonNullable<Status['details']>;

/** A `v1 Status` object, shaped exactly like the real server's. */
export interface StatusBody {
  /** Always `Status`. */
  kind: 'Status';
  /** Always `v1`. */
  apiVersion: 'v1';
  /** Always `{}`, as the real server sends it. */
  metadata: Record<string, never>;
  /** `Failure` for an error; `Success` on some deletes. */
  status: 'Failure' | 'Success';
  /** The message kubectl prints, worded as kube-apiserver words it. */
  message?: string;
  /** The machine-readable reason (`NotFound`, `Conflict`, `Invalid`, ...). */
  reason?: Exclude<FakeApiErrorReason, 'Unknown'>;
  /** The object the failure is about, and field-level causes. */
  details?: StatusDetails;
  /** The HTTP status code. */
  code: number;
}

/** How an error names the resource it is about: `widgets.test.kubekit.dev`, `Widget.test.kubekit.dev`. */
export interface ResourceNaming {
  group: string;
  plural: string;
  kind: string;
}

const CODES: Record<FakeApiErrorReason, number> = {
  NotFound: 404,
  AlreadyExists: 409,
  Conflict: 409,
  Invalid: 422,
  BadRequest: 400,
  Gone: 410,
  Expired: 410,
  Forbidden: 403,
  Unauthorized: 401,
  MethodNotAllowed: 405,
  UnsupportedMediaType: 415,
  RequestEntityTooLarge: 413,
  TooManyRequests: 429,
  InternalError: 500,
  ServiceUnavailable: 503,
  Unknown: 500,
};

/** Every {@link FakeApiErrorReason}: what {@link isFakeApiError} accepts. */
const FAKE_API_ERROR_REASONS = Object.keys(CODES) as readonly FakeApiErrorReason[];

const qualify = (name: string, group: string): string => (group ? `${name}.${group}` : name);

/**
 * An API error of the fake server's engine: what the HTTP layer turns into a Status body, and what
 * an in-process caller (the fake client) catches. Tell cases apart by `reason`. A `KubekitError`
 * of `@kubekit/core`, retryable exactly when the client's error for the same `Status` is.
 */
export class FakeApiError extends KubekitError {
  /** The class name, `'FakeApiError'`: what logs and stack traces start with. */
  override readonly name = 'FakeApiError';
  /** The HTTP status code. */
  readonly code: number;

  constructor(
    /** The Status reason. */
    readonly reason: FakeApiErrorReason,
    message: string,
    /** The Status details; omitted from the body when undefined. */
    readonly details?: StatusDetails,
    options?: { cause?: unknown; code?: number },
  ) {
    super(message, options);
    this.code = options?.code ?? CODES[reason];
  }

  /** Whether the client's error for this Status (core's `apiErrorFrom`) is retryable. */
  get retryable(): boolean {
    return apiErrorFrom({ code: this.code, status: this.toStatus() }).retryable;
  }

  /** The error as a Status body. */
  toStatus(): StatusBody {
    const body: StatusBody = {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: this.message,
      ...(this.reason === 'Unknown' ? {} : { reason: this.reason }),
      code: this.code,
    };
    if (this.details) body.details = this.details;
    // The real server puts `code` last; keep the key order so bodies compare byte for byte.
    const { code, ...rest } = body;
    return { ...rest, code } as StatusBody;
  }

  /** `<plural>.<group> "<name>" not found` */
  static notFound(r: ResourceNaming, name: string): FakeApiError {
    return new FakeApiError('NotFound', `${qualify(r.plural, r.group)} "${name}" not found`, details(r, name));
  }

  /** `<plural>.<group> "<name>" already exists` */
  static alreadyExists(r: ResourceNaming, name: string): FakeApiError {
    return new FakeApiError(
      'AlreadyExists',
      `${qualify(r.plural, r.group)} "${name}" already exists`,
      details(r, name),
    );
  }

  /** `Operation cannot be fulfilled on <plural>.<group> "<name>": <why>` */
  static conflict(
    r: ResourceNaming,
    name: string,
    why = 'the object has been modified; please apply your changes to the latest version and try again',
  ): FakeApiError {
    return new FakeApiError(
      'Conflict',
      `Operation cannot be fulfilled on ${qualify(r.plural, r.group)} "${name}": ${why}`,
      details(r, name),
    );
  }

  /** `<Kind>.<group> "<name>" is invalid: <cause>` or `... is invalid: [<cause>, <cause>]` */
  static invalid(r: ResourceNaming, name: string, causes: StatusCause[]): FakeApiError {
    const text = causes.map((c) => (c.field ? `${c.field}: ${c.message}` : c.message));
    const joined = text.length === 1 ? text[0] : `[${text.join(', ')}]`;
    const d: StatusDetails = {
      ...(name ? { name } : {}),
      ...(r.group ? { group: r.group } : {}),
      kind: r.kind,
      causes,
    };
    return new FakeApiError('Invalid', `${qualify(r.kind, r.group)} "${name}" is invalid: ${joined}`, d);
  }

  /** `<plural>.<group> "<name>" is forbidden: <why>` (or without the name when there is none). */
  static forbidden(r: ResourceNaming, name: string, why: string, causes?: StatusCause[]): FakeApiError {
    const what = name ? `${qualify(r.plural, r.group)} "${name}"` : qualify(r.plural, r.group);
    return new FakeApiError('Forbidden', `${what} is forbidden: ${why}`, {
      ...(name ? { name } : {}),
      ...(r.group ? { group: r.group } : {}),
      kind: r.plural,
      ...(causes ? { causes } : {}),
    });
  }

  /** A 400 with the message only (no details), as the real server sends for bad parameters. */
  static badRequest(message: string): FakeApiError {
    return new FakeApiError('BadRequest', message);
  }

  /** 410 Expired: `too old resource version: <asked> (<oldest kept>)`. */
  static expired(message: string): FakeApiError {
    return new FakeApiError('Expired', message);
  }

  /** 500 InternalError with one cause, like the real server's `Internal error occurred: ...`. */
  static internal(message: string): FakeApiError {
    return new FakeApiError('InternalError', `Internal error occurred: ${message}`, { causes: [{ message }] });
  }
}

function details(r: ResourceNaming, name: string): StatusDetails {
  return { name, ...(r.group ? { group: r.group } : {}), kind: r.plural };
}

/**
 * The {@link FakeApiError} in the chain `err`, `err.cause`, ... (see core's `findReason`): the
 * first error whose `reason` is one of {@link FakeApiErrorReason}, or the given one, if it gives its
 * Status body (`toStatus`). Checked by shape, never by `name` or `instanceof`, so two copies of the
 * package agree; the `toStatus` check keeps out the client's `ApiError`s, whose Status reasons are
 * the same. `undefined` when there is none.
 */
export function findFakeApiError(err: unknown, reason?: FakeApiErrorReason): FakeApiError | undefined {
  const reasons: readonly string[] = reason === undefined ? FAKE_API_ERROR_REASONS : [reason];
  const found = findReason(err, ...reasons);
  return typeof (found as { toStatus?: unknown } | undefined)?.toStatus === 'function'
    ? (found as FakeApiError)
    : undefined;
}

/** Whether `err`, or an error in its `cause` chain, is a {@link FakeApiError} (see {@link findFakeApiError}). */
export function isFakeApiError(err: unknown, reason?: FakeApiErrorReason): boolean {
  return findFakeApiError(err, reason) !== undefined;
}

/** A value of the wrong JSON type in a body of a built-in kind, worded as Go's JSON decoder words it. */
export class JsonTypeError extends Error {
  /** The class name, `'JsonTypeError'`: what logs and stack traces start with. */
  override readonly name = 'JsonTypeError';
}
