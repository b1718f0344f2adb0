import { type KubeObject, WEBHOOK_CONFIGURATIONS, type WebhookConfigurationsSource } from '@kubekit/core';
import { WebhookDeclarationError } from '../../errors.js';
import type { Manager } from '../../manager/manager.js';
import { WebhookServer } from '../webhookServer.js';
import {
  type AdmissionWebhookDeclaration,
  admissionWebhookConfigurations,
  type WebhookConfigurationsOptions,
} from './manifests.js';

/**
 * The webhooks of an operator, declared once: `register(mgr)` serves them on a manager, and
 * `configurations(...)` (or the `kubekit webhook generate` CLI, given the module that exports
 * it) writes their ValidatingWebhookConfiguration and MutatingWebhookConfiguration without a
 * manager, a cluster or a certificate.
 */
export interface WebhookSetup extends WebhookConfigurationsSource {
  /** Registers the webhooks on `mgr.webhookServer` (before `mgr.start()`). */
  register(mgr: Manager): void;
  /** The webhooks the setup declares (runs it on a server that is never started). */
  declarations(): readonly AdmissionWebhookDeclaration[];
  /**
   * The configurations of the declared webhooks ({@link admissionWebhookConfigurations}), those
   * with webhooks only: the ValidatingWebhookConfiguration first.
   */
  configurations(options: WebhookConfigurationsOptions): KubeObject[];
}

/**
 * Declares an operator's webhooks as a function of a manager, so that both the running operator
 * and the manifest generator use the same declarations (controller-gen reads markers for this;
 * kubekit runs the same code). While the manifests are written, `setup` gets a stand-in manager
 * whose only member is an unstarted `webhookServer`: it should only declare webhooks
 * (`webhookFor(mgr, ...)`, `mgr.webhookServer.register(...)`), and use other members of the
 * manager (`mgr.client`, ...) only inside the handlers.
 *
 * ```ts
 * // webhooks.ts
 * export const webhooks = defineWebhooks((mgr) => {
 *   webhookFor(mgr, Widget).validator({ create: checkWidget }).complete();
 * });
 * // main.ts: webhooks.register(mgr); await mgr.start();
 * // shell:   kubekit webhook generate src/webhooks.ts --service my-system/my-webhooks -o config/webhooks.yaml
 * ```
 * @throws {@link WebhookDeclarationError} from `declarations()` and `configurations()` when `setup`
 *   uses a member of the manager other than `webhookServer`, or throws
 */
export function defineWebhooks(setup: (mgr: Manager) => void): WebhookSetup {
  const declarations = (): readonly AdmissionWebhookDeclaration[] => {
    const webhookServer = new WebhookServer();
    const standIn = new Proxy({ webhookServer } as unknown as Manager, {
      get(target, key) {
        if (key === 'webhookServer') return webhookServer;
        if (key === 'then' || typeof key === 'symbol') return undefined;
        void target;
        throw new WebhookDeclarationError(
          `the webhook setup used mgr.${key}; while manifests are written only mgr.webhookServer exists (use other members inside handlers)`,
        );
      },
    });
    try {
      setup(standIn);
    } catch (err) {
      if (err instanceof WebhookDeclarationError) throw err;
      throw new WebhookDeclarationError(
        `the webhook setup failed: ${err instanceof Error ? err.message : String(err)}`,
        { cause: err },
      );
    }
    return webhookServer.declarations;
  };
  const configurations = (options: WebhookConfigurationsOptions): KubeObject[] => {
    const { validating, mutating } = admissionWebhookConfigurations(declarations(), options);
    return [validating, mutating].filter((c) => c !== undefined) as KubeObject[];
  };
  return {
    register: (mgr) => setup(mgr),
    declarations,
    configurations,
    [WEBHOOK_CONFIGURATIONS]: configurations,
  };
}
