/**
 * The client's own errors, about reaching an API server: an unknown kind, an unusable kubeconfig,
 * transport failures and answers that do not decode. Errors about the Kubernetes vocabulary itself
 * (`Status` answers, bad input, owner references, codecs) are `@kubekit/core`'s. Each has a readonly
 * literal `reason`; test for them with the `isXxx(e)` helpers, which check `reason`.
 */
import { KubekitError } from '@kubekit/core';
import { hasReason } from '@kubekit/core/internal';

/**
 * No resource serves this group/version/kind (or matches this resource name), even after refreshing
 * discovery. Not retryable.
 */
export class NoKindMatchError extends KubekitError {
  /** The class name, `'NoKindMatchError'`: what logs and stack traces start with. */
  override readonly name = 'NoKindMatchError';
  readonly reason = 'NoKindMatch';
  readonly retryable = false;
  /**
   * The name asked for when the lookup was by name (`discovery.resolve('po')`); `undefined` when it
   * was by apiVersion and kind.
   */
  readonly query: string | undefined;
  constructor(
    /** The apiVersion that was asked for (`''` for a lookup by name). */
    readonly apiVersion: string,
    /** The kind that was asked for (`''` for a lookup by name). */
    readonly kind: string,
    options: { cause?: unknown; query?: string } = {},
  ) {
    super(
      options.query === undefined
        ? `no resource serves kind ${kind} in ${apiVersion}`
        : `no resource matches "${options.query}"`,
      options,
    );
    this.query = options.query;
  }
}

/** What a {@link KubeConfigError} names, as far as it is known. */
export interface KubeConfigErrorInit {
  /** What failed, e.g. `cannot read the kubeconfig file "/home/me/.kube/config"`. */
  problem: string;
  /** The kubeconfig file that could not be read. */
  file?: string | undefined;
  /** The kubeconfig context in use. */
  context?: string | undefined;
  /** The cluster's server URL as the kubeconfig writes it. */
  server?: string | undefined;
  /** The exec credential plugin's command. */
  command?: string | undefined;
  /** The original error (an `ENOENT` from a file read or a plugin spawn, `Invalid URL`, ...). */
  cause?: unknown;
}

/**
 * The kubeconfig cannot be used: its file (or one named by `KUBECONFIG`) cannot be read, it has no
 * current cluster, its server URL is not a URL, or the credentials it names cannot be had — a
 * certificate or key file that is missing, an exec plugin that is not installed or fails. Thrown by
 * `new Client` for what can be seen at once, and by a call (before anything is sent) for
 * credentials, which are read on every request. `file`, `context`, `server` and `command` say what
 * was in use; `cause` is the original error. Not retryable: the kubeconfig or the machine has to
 * change.
 */
export class KubeConfigError extends KubekitError {
  /** The class name, `'KubeConfigError'`: what logs and stack traces start with. */
  override readonly name = 'KubeConfigError';
  readonly reason = 'KubeConfig';
  readonly retryable = false;
  /** The kubeconfig file that could not be read, when that was the problem. */
  readonly file: string | undefined;
  /** The kubeconfig context in use, when one was. */
  readonly context: string | undefined;
  /** The cluster's server URL as written in the kubeconfig, when it names one. */
  readonly server: string | undefined;
  /** The exec credential plugin's command, when the user has one. */
  readonly command: string | undefined;

  constructor(init: KubeConfigErrorInit) {
    const detail = init.cause instanceof Error && init.cause.message !== '' ? `: ${init.cause.message}` : '';
    const where = init.context === undefined ? '' : ` (context "${init.context}")`;
    super(`kubeconfig${where}: ${init.problem}${detail}`, { cause: init.cause });
    this.file = init.file;
    this.context = init.context;
    this.server = init.server;
    this.command = init.command;
  }
}

/**
 * The request got no complete HTTP answer: the connection was refused, reset or cut (also after the
 * response headers, in the middle of a body or of a watch stream), TLS failed, or a compressed body
 * broke off. `cause` keeps the original error. Retryable.
 */
export class TransportError extends KubekitError {
  /** The class name, `'TransportError'`: what logs and stack traces start with. */
  override readonly name = 'TransportError';
  readonly reason = 'Transport';
  /**
   * Whether repeating may help: true, except for TLS certificate errors (the server's certificate
   * is not trusted, expired, or names another host), which retrying does not heal.
   */
  readonly retryable: boolean;
  /** The system error code, e.g. `ECONNRESET`, when there was one. */
  readonly errno: string | undefined;
  constructor(message: string, options: { cause?: unknown } = {}) {
    const code = (options.cause as { code?: unknown } | undefined)?.code;
    const errno = typeof code === 'string' ? code : undefined;
    const certificate = errno !== undefined && isCertificateErrorCode(errno);
    super(
      certificate
        ? `${message} (TLS: the API server's certificate is not accepted, ${errno}: check the kubeconfig's certificate-authority and server)`
        : message,
      options,
    );
    this.errno = errno;
    this.retryable = !certificate;
  }
}

/** Node's (OpenSSL's) codes of a server certificate that fails verification. */
const CERTIFICATE_ERROR_CODES = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_SIGNATURE_FAILURE',
  'CERT_NOT_YET_VALID',
  'CERT_HAS_EXPIRED',
  'CERT_UNTRUSTED',
  'CERT_REJECTED',
  'CERT_REVOKED',
  'INVALID_CA',
  'HOSTNAME_MISMATCH',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

/** Whether `code` (a Node error's `code`) says the server's TLS certificate failed verification. */
export function isCertificateErrorCode(code: string): boolean {
  return CERTIFICATE_ERROR_CODES.has(code);
}

/** The client-side request timeout (`requestTimeoutMs`) elapsed. Retryable. */
export class RequestTimeoutError extends KubekitError {
  /** The class name, `'RequestTimeoutError'`: what logs and stack traces start with. */
  override readonly name = 'RequestTimeoutError';
  readonly reason = 'RequestTimeout';
  readonly retryable = true;
  constructor(
    /** The timeout that elapsed. */
    readonly timeoutMs: number,
    request: string,
    /** The error that led to this one, kept as `cause`, when there is one. */
    options: { cause?: unknown } = {},
  ) {
    super(`no answer within ${timeoutMs} ms (${request})`, options);
  }
}

/** What an {@link InvalidResponseError} is built from. */
export interface InvalidResponseInit {
  /** Request method and path, for the message. */
  request: string;
  /** What was wrong, e.g. `the body is not JSON`. */
  problem: string;
  /** The answer's `Content-Type` header, if it had one. */
  contentType: string | undefined;
  /** The body (or watch line) that did not decode; only its start is kept. */
  body: string;
  /** The decoding error, if any. */
  cause?: unknown;
}

/** How many characters of an undecodable body an {@link InvalidResponseError} keeps. */
const BODY_START = 200;

/**
 * A success answer whose body does not decode as what the API server sends: not JSON, not a JSON
 * object, or empty (a proxy's HTML page answered with status 200, say); or a watch line that is
 * not a JSON watch event. `contentType` and `bodyStart` show what came instead. Not retryable:
 * whatever answered will most likely answer the same again.
 */
export class InvalidResponseError extends KubekitError {
  /** The class name, `'InvalidResponseError'`: what logs and stack traces start with. */
  override readonly name = 'InvalidResponseError';
  readonly reason = 'InvalidResponse';
  readonly retryable = false;
  /** The answer's `Content-Type` header; `undefined` when it had none. */
  readonly contentType: string | undefined;
  /** The first 200 characters of the body (or watch line); `''` for an empty one. */
  readonly bodyStart: string;

  constructor(init: InvalidResponseInit) {
    const bodyStart = init.body.slice(0, BODY_START);
    const shown =
      init.body === '' ? 'an empty body' : JSON.stringify(bodyStart) + (bodyStart.length < init.body.length ? '…' : '');
    super(`${init.request}: ${init.problem} (content type ${init.contentType ?? 'none'}): ${shown}`, {
      cause: init.cause,
    });
    this.contentType = init.contentType;
    this.bodyStart = bodyStart;
  }
}

/** Whether `e` says no resource serves the kind. */
export const isNoKindMatch = (e: unknown): boolean => hasReason(e, 'NoKindMatch');
/** Whether `e` says the kubeconfig cannot be used (see {@link KubeConfigError}). */
export const isKubeConfigError = (e: unknown): boolean => hasReason(e, 'KubeConfig');
/** Whether `e` is a transport failure (no HTTP answer) or the client-side request timeout. */
export const isTransportError = (e: unknown): boolean => hasReason(e, 'Transport', 'RequestTimeout');
/** Whether `e` is a success answer whose body did not decode (see {@link InvalidResponseError}). */
export const isInvalidResponse = (e: unknown): boolean => hasReason(e, 'InvalidResponse');
