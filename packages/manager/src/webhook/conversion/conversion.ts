import type { KubeObject } from '@kubekit/core';
import { WebhookRequestError } from '../../errors.js';
import type { Webhook } from '../webhookServer.js';

/**
 * Converts the objects of one custom resource between its versions: `defineConversion` of
 * `@kubekit/crd` makes one from hub-and-spoke conversions.
 */
export interface Converter {
  /** The API group of the kind it converts. */
  readonly group: string;
  /** The kind it converts. */
  readonly kind: string;
  /** `object` as `desiredAPIVersion`; throws when it cannot (the review then fails with the message). */
  convert(object: KubeObject, desiredAPIVersion: string): KubeObject;
}

/** The `apiextensions.k8s.io/v1` ConversionReview answer the API server reads. */
export interface ConversionReviewResponse {
  /** Always `apiextensions.k8s.io/v1`. */
  apiVersion: 'apiextensions.k8s.io/v1';
  /** Always `ConversionReview`. */
  kind: 'ConversionReview';
  /** The webhook's answer. */
  response: {
    /** The request's `uid`, carried back. */
    uid: string;
    /** The objects converted to the desired version, in the order of the request. */
    convertedObjects: KubeObject[];
    /** Whether the conversion succeeded; on failure, why (what the client sees). */
    result:
      | {
          /** Every object was converted. */
          status: 'Success';
        }
      | {
          /** The conversion failed. */
          status: 'Failure';
          /** Why, for the client. */
          message: string;
        };
  };
}

/**
 * A {@link Webhook} that serves CRD conversion (`apiextensions.k8s.io/v1` ConversionReview) for
 * the kinds of `converters`, told apart by group and kind: every object of a review is converted
 * to its `desiredAPIVersion`, in order. When one cannot be, the review fails with the converter's
 * message (the user sees the API server's error with it); a body that is not a ConversionReview
 * gets 400. Register it on the CRDs' `conversion.webhook.clientConfig` path:
 * `mgr.webhookServer.register('/convert', conversionWebhook(gadgetConversion))`.
 */
export function conversionWebhook(...converters: Converter[]): Webhook {
  const byKind = new Map(converters.map((c) => [`${c.kind}.${c.group}`, c]));
  return {
    async handle(body, context): Promise<ConversionReviewResponse> {
      const { uid, desiredAPIVersion, objects } = readReview(body);
      const answer = (response: Omit<ConversionReviewResponse['response'], 'uid'>): ConversionReviewResponse => ({
        apiVersion: 'apiextensions.k8s.io/v1',
        kind: 'ConversionReview',
        response: { uid, ...response },
      });
      const convertedObjects: KubeObject[] = [];
      try {
        for (const object of objects) {
          const group = String(object.apiVersion).split('/')[0] ?? '';
          const converter = byKind.get(`${String(object.kind)}.${group}`);
          if (!converter) throw new Error(`no converter for ${String(object.kind)} of group ${group}`);
          convertedObjects.push(converter.convert(object, desiredAPIVersion));
        }
      } catch (err) {
        const message = err instanceof Error ? err.message : String(err);
        context.logger.info({ uid, err }, 'conversion failed');
        return answer({ convertedObjects: [], result: { status: 'Failure', message } });
      }
      return answer({ convertedObjects, result: { status: 'Success' } });
    },
  };
}

function readReview(body: unknown): { uid: string; desiredAPIVersion: string; objects: KubeObject[] } {
  const bad = (why: string) => new WebhookRequestError(400, `not an apiextensions.k8s.io/v1 ConversionReview: ${why}`);
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw bad('the body is not an object');
  const review = body as { apiVersion?: unknown; kind?: unknown; request?: unknown };
  if (review.apiVersion !== 'apiextensions.k8s.io/v1' || review.kind !== 'ConversionReview') {
    throw bad(`apiVersion ${String(review.apiVersion)}, kind ${String(review.kind)}`);
  }
  const request = review.request as { uid?: unknown; desiredAPIVersion?: unknown; objects?: unknown } | undefined;
  if (typeof request !== 'object' || request === null) throw bad('request is missing');
  if (typeof request.uid !== 'string' || request.uid === '') throw bad('request.uid is missing');
  if (typeof request.desiredAPIVersion !== 'string' || request.desiredAPIVersion === '') {
    throw bad('request.desiredAPIVersion is missing');
  }
  const objects = request.objects ?? [];
  if (!Array.isArray(objects) || objects.some((o) => typeof o !== 'object' || o === null)) {
    throw bad('request.objects is not a list of objects');
  }
  return { uid: request.uid, desiredAPIVersion: request.desiredAPIVersion, objects: objects as KubeObject[] };
}
