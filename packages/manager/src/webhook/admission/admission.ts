import type { JsonPatchOperation } from '@kubekit/client';
import type { KubeObject } from '@kubekit/core';
import { WebhookRequestError } from '../../errors.js';
import type { Webhook, WebhookContext } from '../webhookServer.js';

/** What an admission request asks for. */
export type AdmissionOperation = 'CREATE' | 'UPDATE' | 'DELETE' | 'CONNECT';

/** An `admission.k8s.io/v1` AdmissionRequest, as a handler gets it: `dryRun` is always set. */
export interface AdmissionRequest<T = KubeObject> {
  /** Identifies this request; the answer carries it back (the server fills it in). */
  readonly uid: string;
  /** The kind of the object, as the webhook was registered for it. */
  readonly kind: {
    /** The API group; `''` for the core group. */
    group: string;
    /** The version. */
    version: string;
    /** The kind, e.g. `Pod`. */
    kind: string;
  };
  /** The resource requested. */
  readonly resource: {
    /** The API group; `''` for the core group. */
    group: string;
    /** The version. */
    version: string;
    /** The resource (plural), e.g. `pods`. */
    resource: string;
  };
  /** The subresource requested, e.g. `status`. */
  readonly subResource?: string;
  /** The object's name (absent on a create with `generateName`). */
  readonly name?: string;
  /** The object's namespace (absent for cluster-scoped objects). */
  readonly namespace?: string;
  /** What is asked: `CREATE`, `UPDATE`, `DELETE`, or `CONNECT` (exec, attach, port-forward, proxy). */
  readonly operation: AdmissionOperation;
  /** Who asked. */
  readonly userInfo: {
    /** The user's name, e.g. `system:serviceaccount:demo:default`. */
    username?: string;
    /** The user's UID. */
    uid?: string;
    /** The groups the user is in, e.g. `system:authenticated`. */
    groups?: string[];
    /** Further information the authenticator provided. */
    extra?: Record<string, string[]>;
  };
  /** The object as it would be stored (create, update); `null` on delete. */
  readonly object: T | null;
  /** The object before (update), or the object being deleted (delete); `null` on create. */
  readonly oldObject: T | null;
  /**
   * Whether the request is a dry run: nothing will be stored, so a webhook with side effects must
   * not make them (and must be declared `sideEffects: None` or `NoneOnDryRun`).
   */
  readonly dryRun: boolean;
  /** The operation's options (`CreateOptions`, `UpdateOptions`, `DeleteOptions`). */
  readonly options?: Record<string, unknown>;
}

/**
 * A handler's answer to an admission request. Make it with {@link Admission}'s named constructors
 * (`Admission.allowed()`, `Admission.denied(message)`, `Admission.patched(ops)`), not by hand.
 */
export interface AdmissionVerdict {
  /** Whether the request is admitted. */
  readonly allowed: boolean;
  /** Why it was refused: the message reaches the user in the API server's error. */
  readonly message?: string;
  /** HTTP status code of a refusal. @default 403 */
  readonly code?: number;
  /** Machine-readable reason of a refusal, e.g. `Forbidden`, `Invalid`. */
  readonly reason?: string;
  /** Warnings shown to the user (kubectl prints them; each at most 120 characters reads well). */
  readonly warnings?: readonly string[];
  /** JSON patch (RFC 6902) to apply to the object, for a mutating webhook. */
  readonly patch?: readonly JsonPatchOperation[];
}

/** Options of {@link Admission.allowed} and {@link Admission.patched}. */
export interface AllowOptions {
  /** Warnings shown to the user. @default none */
  warnings?: readonly string[];
}

/** Options of {@link Admission.denied}. */
export interface DenyOptions extends AllowOptions {
  /** The HTTP status code the user sees. @default 403 */
  code?: number;
  /** The machine-readable reason the user sees. @default 'Forbidden' (the API server's for 403) */
  reason?: string;
}

/** Named constructors of {@link AdmissionVerdict}s. */
export const Admission = {
  /** Admit the request as it is. */
  allowed(options: AllowOptions = {}): AdmissionVerdict {
    return { allowed: true, ...(options.warnings?.length && { warnings: options.warnings }) };
  },
  /** Refuse it: the API server answers the user with `message` (and `code`, default 403). */
  denied(message: string, options: DenyOptions = {}): AdmissionVerdict {
    return {
      allowed: false,
      message,
      code: options.code ?? 403,
      ...(options.reason !== undefined && { reason: options.reason }),
      ...(options.warnings?.length && { warnings: options.warnings }),
    };
  },
  /** Admit it with these changes (a mutating webhook); an empty patch admits it unchanged. */
  patched(patch: readonly JsonPatchOperation[], options: AllowOptions = {}): AdmissionVerdict {
    return { ...Admission.allowed(options), ...(patch.length > 0 && { patch }) };
  },
  /** Refuse it because the webhook failed (500): the user sees `error`'s message. */
  errored(error: unknown, code = 500): AdmissionVerdict {
    return { allowed: false, code, message: error instanceof Error ? error.message : String(error) };
  },
} as const;

/** A raw admission handler: any request in, a verdict out. Thrown errors deny with 500. */
export type AdmissionHandler = (
  request: AdmissionRequest,
  context: WebhookContext,
) => AdmissionVerdict | Promise<AdmissionVerdict>;

/** The `admission.k8s.io/v1` AdmissionReview answer the API server reads. */
export interface AdmissionReviewResponse {
  /** Always `admission.k8s.io/v1`. */
  apiVersion: 'admission.k8s.io/v1';
  /** Always `AdmissionReview`. */
  kind: 'AdmissionReview';
  /** The webhook's answer. */
  response: {
    /** The request's `uid`, carried back. */
    uid: string;
    /** Whether the request is admitted. */
    allowed: boolean;
    /** Why a request was refused: what the client sees. */
    status?: {
      /** The HTTP code the client gets. @default 403 */
      code?: number;
      /** The message the client gets. */
      message?: string;
      /** A machine-readable reason. */
      reason?: string;
    };
    /** Warnings the client shows (kubectl prints them), admitted or not. */
    warnings?: string[];
    /** A mutating webhook's changes: a JSON Patch, base64-encoded. */
    patch?: string;
    /** Always `JSONPatch` when there is a `patch`. */
    patchType?: 'JSONPatch';
  };
}

/**
 * A {@link Webhook} that reads `admission.k8s.io/v1` AdmissionReviews, calls `handler` with the
 * request and answers its verdict. A body that is not an AdmissionReview with a `request.uid` gets
 * 400 naming what is missing; a handler that throws denies the request with 500 and its message.
 * Register it on the manager's server: `mgr.webhookServer.register('/validate-things', admissionWebhook(fn))`.
 */
export function admissionWebhook(handler: AdmissionHandler): Webhook {
  return {
    async handle(body, context): Promise<AdmissionReviewResponse> {
      const request = readReview(body);
      let verdict: AdmissionVerdict;
      try {
        verdict = await handler(request, context);
      } catch (err) {
        context.logger.error({ err, uid: request.uid }, 'admission handler failed');
        verdict = Admission.errored(err);
      }
      return reviewResponse(request.uid, verdict);
    },
  };
}

function readReview(body: unknown): AdmissionRequest {
  const bad = (why: string) => new WebhookRequestError(400, `not an admission.k8s.io/v1 AdmissionReview: ${why}`);
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw bad('the body is not an object');
  const review = body as { apiVersion?: unknown; kind?: unknown; request?: unknown };
  if (review.apiVersion !== 'admission.k8s.io/v1' || review.kind !== 'AdmissionReview') {
    throw bad(`apiVersion ${String(review.apiVersion)}, kind ${String(review.kind)}`);
  }
  const request = review.request as Partial<AdmissionRequest> | undefined;
  if (typeof request !== 'object' || request === null) throw bad('request is missing');
  if (typeof request.uid !== 'string' || request.uid === '') throw bad('request.uid is missing');
  if (!['CREATE', 'UPDATE', 'DELETE', 'CONNECT'].includes(String(request.operation))) {
    throw bad(`request.operation ${String(request.operation)} is not CREATE, UPDATE, DELETE or CONNECT`);
  }
  return {
    ...(request as AdmissionRequest),
    object: request.object ?? null,
    oldObject: request.oldObject ?? null,
    userInfo: request.userInfo ?? {},
    dryRun: request.dryRun === true,
  };
}

function reviewResponse(uid: string, verdict: AdmissionVerdict): AdmissionReviewResponse {
  const response: AdmissionReviewResponse['response'] = { uid, allowed: verdict.allowed };
  if (!verdict.allowed || verdict.message !== undefined) {
    response.status = {
      ...(verdict.code !== undefined && { code: verdict.code }),
      ...(verdict.message !== undefined && { message: verdict.message }),
      ...(verdict.reason !== undefined && { reason: verdict.reason }),
    };
  }
  if (verdict.warnings?.length) response.warnings = [...verdict.warnings];
  if (verdict.allowed && verdict.patch?.length) {
    response.patch = Buffer.from(JSON.stringify(verdict.patch)).toString('base64');
    response.patchType = 'JSONPatch';
  }
  return { apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview', response };
}
