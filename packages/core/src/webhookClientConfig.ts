import { InvalidInputError } from './errors.js';
import type { KubeObject } from './object.js';

/** How the API server reaches a webhook (`clientConfig` of a webhook configuration or of a CRD's conversion). */
export interface WebhookClientConfig {
  /** The webhook's URL (`https://...`), outside a cluster. */
  url?: string;
  /** The Service in front of the webhook server, and the path on it. */
  service?: {
    /** The Service's namespace. */
    namespace: string;
    /** The Service's name. */
    name: string;
    /** The URL path the API server posts to, e.g. `/convert`. */
    path?: string;
    /** The Service's port. @default 443 */
    port?: number;
  };
  /** The CA that signed the serving certificate: PEM, base64-encoded. */
  caBundle?: string;
}

/**
 * Where the webhook server is, for writing manifests: a Service (in a cluster) or a base URL,
 * and the CA the API server trusts. Give exactly one of `service` and `url`.
 */
export interface WebhookTarget {
  /** The Service in front of the webhook server. `port` @default 443 (the API server's default) */
  service?: {
    /** The Service's namespace. */
    namespace: string;
    /** The Service's name. */
    name: string;
    /** The Service's port. @default 443 */
    port?: number;
  };
  /** The webhook server's base URL (`https://host:port`, no path). */
  url?: string;
  /** The CA that signed the serving certificate, PEM. @default none (cert-manager's CA injector fills it in) */
  caBundle?: string;
}

/**
 * The `clientConfig` that points the API server at `path` on `target`: `service` with the path,
 * or `url` with the path appended; `caBundle` base64-encoded.
 * @throws {@link InvalidInputError} when neither or both of `service` and `url` are given, `url`
 *   is not an `https://` URL without query, or `path` does not start with `/`
 */
export function webhookClientConfig(target: WebhookTarget, path: string): WebhookClientConfig {
  if ((target.service === undefined) === (target.url === undefined)) {
    throw new InvalidInputError('service', 'give either service or url');
  }
  if (!path.startsWith('/')) throw new InvalidInputError('path', `${path} does not start with /`);
  let where: WebhookClientConfig;
  if (target.service) {
    where = { service: { ...target.service, path } };
  } else {
    const url = String(target.url);
    let parsed: URL | undefined;
    try {
      parsed = new URL(url);
    } catch {
      parsed = undefined;
    }
    if (parsed?.protocol !== 'https:' || parsed.search !== '' || parsed.hash !== '') {
      throw new InvalidInputError('url', `${url} is not an https:// URL without query or fragment`);
    }
    where = { url: `${url.replace(/\/$/, '')}${path}` };
  }
  return {
    ...where,
    ...(target.caBundle !== undefined && { caBundle: Buffer.from(target.caBundle).toString('base64') }),
  };
}

/**
 * The key under which a module export offers webhook configurations to the `kubekit webhook
 * generate` CLI (`defineWebhooks` of `@kubekit/manager` makes such exports). A registered symbol,
 * so the CLI and the module's own copy of `@kubekit/manager` agree on it.
 */
export const WEBHOOK_CONFIGURATIONS: unique symbol = Symbol.for('kubekit.webhookConfigurations');

/** An export that can write the webhook configurations of the webhooks it declares. */
export interface WebhookConfigurationsSource {
  /** The configurations pointing at `options` (named `options.name`); none when it declares no webhook. */
  [WEBHOOK_CONFIGURATIONS](options: WebhookTarget & { name: string }): KubeObject[];
}

/** Whether `value` is a {@link WebhookConfigurationsSource}. */
export function isWebhookConfigurationsSource(value: unknown): value is WebhookConfigurationsSource {
  return (
    (typeof value === 'object' || typeof value === 'function') &&
    value !== null &&
    typeof (value as Partial<WebhookConfigurationsSource>)[WEBHOOK_CONFIGURATIONS] === 'function'
  );
}
