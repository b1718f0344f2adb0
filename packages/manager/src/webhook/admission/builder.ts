import type { JsonPatchOperation } from '@kubekit/client';
import {
  decodeObject,
  encodeObject,
  type KindRef,
  type KubeObject,
  type ObjectOf,
  parseApiVersion,
} from '@kubekit/core';
import { createPatch } from 'rfc6902';
import type { Manager } from '../../manager/manager.js';
import {
  Admission,
  type AdmissionOperation,
  type AdmissionRequest,
  type AdmissionVerdict,
  admissionWebhook,
} from './admission.js';
import { type AdmissionWebhookSettings, defaultWebhookName } from './manifests.js';

/** What a validator or defaulter may return: nothing (allowed), or a verdict. */
export type ValidationReturn = AdmissionVerdict | undefined;

/**
 * A validating webhook's checks, one per operation; a missing one admits. Each returns `undefined`
 * (allowed), `Admission.allowed({ warnings })` or `Admission.denied(message)`; a thrown error denies
 * with 500.
 */
export interface Validator<T> {
  /** Checks an object about to be created. */
  create?(object: T, request: AdmissionRequest<T>): ValidationReturn | Promise<ValidationReturn>;
  /** Checks an update: the object as it would be stored, and as it is. */
  update?(object: T, oldObject: T, request: AdmissionRequest<T>): ValidationReturn | Promise<ValidationReturn>;
  /** Checks a delete: the object being deleted. */
  delete?(object: T, request: AdmissionRequest<T>): ValidationReturn | Promise<ValidationReturn>;
}

/**
 * A mutating webhook's defaulting: changes `object` (a copy of the request's) in place; kubekit
 * sends the JSON patch from the request's object to the changed one, and no patch when nothing
 * changed. It may return warnings.
 */
export type Defaulter<T> = (
  object: T,
  request: AdmissionRequest<T>,
) => undefined | string[] | Promise<undefined | string[]>;

/** Options of {@link WebhookBuilder.withOptions}. */
export interface WebhookBuilderOptions {
  /** The mutating webhook's path. @default `/mutate-<group with . as ->-<version>-<kind in lower case>`, as controller-runtime */
  mutatePath?: string;
  /** The validating webhook's path. @default `/validate-<group with . as ->-<version>-<kind in lower case>` */
  validatePath?: string;
  /** How the API server calls the defaulter (its configuration). @default see AdmissionWebhookSettings */
  mutating?: AdmissionWebhookSettings;
  /** How the API server calls the validator (its configuration). @default see AdmissionWebhookSettings */
  validating?: AdmissionWebhookSettings;
}

/** The paths {@link WebhookBuilder.complete} registered. */
export interface RegisteredWebhooks {
  /** The defaulter's path, when there is one. */
  readonly mutatePath?: string;
  /** The validator's path, when there is one. */
  readonly validatePath?: string;
}

/** controller-runtime's default path of a webhook: `/<prefix>-<group with . as ->-<version>-<kind>`. */
export function defaultWebhookPath(prefix: 'mutate' | 'validate', kind: KindRef): string {
  const { group, version } = parseApiVersion(kind.apiVersion);
  return `/${prefix}-${group.replaceAll('.', '-')}-${version}-${kind.kind.toLowerCase()}`;
}

/**
 * Declares the admission webhooks of one kind: a defaulter (mutating) and a validator
 * (validating), typed by the kind; `complete()` registers them on `mgr.webhookServer`. Objects are
 * decoded with the kind's `decode` before a handler sees them (and a defaulter's result encoded
 * back), so a `defineCustomResource` kind hands out parsed objects. The webhooks are declared on
 * the server too: `admissionWebhookConfigurations(mgr.webhookServer.declarations, ...)` writes the
 * configurations that point the API server at them (see docs/webhooks.md).
 *
 * ```ts
 * webhookFor(mgr, Widget)
 *   .defaulter((w) => { w.spec.size ??= 1; })
 *   .validator({ create: (w) => (w.spec.size > 10 ? Admission.denied('size must be at most 10') : undefined) })
 *   .complete();
 * ```
 */
export class WebhookBuilder<T extends KubeObject> {
  readonly #mgr: Manager;
  readonly #kind: KindRef;
  #defaulter: Defaulter<T> | undefined;
  #validator: Validator<T> | undefined;
  #options: WebhookBuilderOptions = {};

  constructor(mgr: Manager, kind: KindRef) {
    this.#mgr = mgr;
    this.#kind = kind;
  }

  /** Sets the defaulter (served on the mutate path). */
  defaulter(fn: Defaulter<T>): this {
    this.#defaulter = fn;
    return this;
  }

  /** Sets the validator (served on the validate path). */
  validator(validator: Validator<T>): this {
    this.#validator = validator;
    return this;
  }

  /** Paths other than the defaults. */
  withOptions(options: WebhookBuilderOptions): this {
    this.#options = { ...this.#options, ...options };
    return this;
  }

  /** Registers the webhooks on `mgr.webhookServer` (before `mgr.start()`); returns their paths. */
  complete(): RegisteredWebhooks {
    const kind = this.#kind;
    const server = this.#mgr.webhookServer;
    const decode = (o: KubeObject | null): T => decodeObject(kind, o) as unknown as T;
    let mutatePath: string | undefined;
    let validatePath: string | undefined;
    const defaulter = this.#defaulter;
    if (defaulter) {
      mutatePath = this.#options.mutatePath ?? defaultWebhookPath('mutate', kind);
      const settings = this.#options.mutating ?? {};
      const declaration = {
        type: 'mutating' as const,
        name: settings.name ?? defaultWebhookName('mutating', kind),
        path: mutatePath,
        kind,
        operations: ['CREATE', 'UPDATE'] as AdmissionOperation[],
        settings,
      };
      server.register(
        mutatePath,
        admissionWebhook(async (request) => {
          const wire = request.object;
          if (wire === null || (request.operation !== 'CREATE' && request.operation !== 'UPDATE')) {
            return Admission.allowed();
          }
          const object = decode(structuredClone(wire));
          const warnings = await defaulter(object, typed(request, decode));
          const changed = encodeObject(kind, object);
          const patch = createPatch(wire, changed) as JsonPatchOperation[];
          return Admission.patched(patch, { ...(warnings && { warnings }) });
        }),
        { declaration },
      );
    }
    const validator = this.#validator;
    if (validator) {
      validatePath = this.#options.validatePath ?? defaultWebhookPath('validate', kind);
      const settings = this.#options.validating ?? {};
      const operations: AdmissionOperation[] = [];
      if (validator.create) operations.push('CREATE');
      if (validator.update) operations.push('UPDATE');
      if (validator.delete) operations.push('DELETE');
      const declaration = {
        type: 'validating' as const,
        name: settings.name ?? defaultWebhookName('validating', kind),
        path: validatePath,
        kind,
        operations,
        settings,
      };
      server.register(
        validatePath,
        admissionWebhook(async (request) => {
          const req = typed(request, decode);
          let verdict: ValidationReturn;
          if (request.operation === 'CREATE' && validator.create && req.object) {
            verdict = await validator.create(req.object, req);
          } else if (request.operation === 'UPDATE' && validator.update && req.object && req.oldObject) {
            verdict = await validator.update(req.object, req.oldObject, req);
          } else if (request.operation === 'DELETE' && validator.delete && req.oldObject) {
            verdict = await validator.delete(req.oldObject, req);
          }
          return verdict ?? Admission.allowed();
        }),
        { declaration },
      );
    }
    return { ...(mutatePath && { mutatePath }), ...(validatePath && { validatePath }) };
  }
}

function typed<T>(request: AdmissionRequest, decode: (o: KubeObject | null) => T): AdmissionRequest<T> {
  return {
    ...request,
    object: request.object === null ? null : decode(request.object),
    oldObject: request.oldObject === null ? null : decode(request.oldObject),
  };
}

/** Starts declaring the admission webhooks of `kind` (controller-runtime's `NewWebhookManagedBy(mgr).For(kind)`). */
export function webhookFor<K extends KindRef>(mgr: Manager, kind: K): WebhookBuilder<ObjectOf<K> & KubeObject> {
  return new WebhookBuilder(mgr, kind);
}
