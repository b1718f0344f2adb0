/**
 * `defineWebhooks`: one declaration of an operator's webhooks, registered on a running manager
 * and written as configurations without one (what `kubekit webhook generate` calls).
 */
import { describe, expect, it } from '@jest/globals';
import { builtinKinds } from '@kubekit/client';
import { isWebhookConfigurationsSource, WEBHOOK_CONFIGURATIONS } from '@kubekit/core';
import { admissionWebhookConfigurations, defineWebhooks, isWebhookDeclaration, webhookFor } from '@kubekit/manager';
import { offlineManager } from '../support/offlineManager.js';
import { webhooks } from '../support/webhookModules.js';

const target = { name: 'x', service: { namespace: 'ns', name: 'hooks' } };

describe('defineWebhooks', () => {
  it('registers on a manager the same webhooks its configurations are written from', () => {
    const mgr = offlineManager();
    webhooks.register(mgr);
    expect(mgr.webhookServer.paths).toEqual([
      '/validate-webhook-cli-test-kubekit-dev-v1-sprocket',
      '/mutate--v1-configmap',
    ]);
    expect(webhooks.declarations()).toEqual(mgr.webhookServer.declarations);
    const { validating, mutating } = admissionWebhookConfigurations(mgr.webhookServer.declarations, target);
    expect(webhooks.configurations(target)).toEqual([validating, mutating]);
    expect(isWebhookConfigurationsSource(webhooks)).toBe(true);
    expect(webhooks[WEBHOOK_CONFIGURATIONS](target)).toEqual([validating, mutating]);
  });

  it('writes only the configurations that have webhooks, each time from a fresh server', () => {
    const validatorOnly = defineWebhooks((mgr) => {
      webhookFor(mgr, builtinKinds.Secret)
        .validator({ delete: () => undefined })
        .complete();
    });
    expect(validatorOnly.configurations(target).map((c) => c.kind)).toEqual(['ValidatingWebhookConfiguration']);
    expect(validatorOnly.declarations()).toHaveLength(1); // a second run does not find the path taken
  });

  it('refuses a setup that uses the manager beyond webhookServer, or throws, naming why', () => {
    const usesClient = defineWebhooks((mgr) => void mgr.client);
    expect(() => usesClient.declarations()).toThrow(
      expect.objectContaining({
        reason: 'WebhookDeclaration',
        message: expect.stringContaining('the webhook setup used mgr.client'),
      }),
    );
    const cause = new Error('no config');
    const throws = defineWebhooks(() => {
      throw cause;
    });
    let caught: unknown;
    try {
      throws.configurations(target);
    } catch (err) {
      caught = err;
    }
    expect(isWebhookDeclaration(caught)).toBe(true);
    expect(caught).toMatchObject({ message: 'the webhook setup failed: no config', cause });
  });
});
