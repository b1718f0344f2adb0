/**
 * `webhookClientConfig` (core) and `webhookConversion` (crd): where the API server calls a webhook,
 * written once for admission configurations and CRD conversion.
 */
import { describe, expect, it } from '@jest/globals';
import { isInvalidInput, webhookClientConfig } from '@kubekit/core';
import { webhookConversion, withWebhookConversion } from '@kubekit/crd';
import { Doohickey, Gizmo } from '../support/crdResources.js';

const thrown = (fn: () => unknown): unknown => {
  try {
    fn();
  } catch (err) {
    return err;
  }
  throw new Error('expected an error');
};

describe('webhookClientConfig', () => {
  it('puts the path on the Service, or after the URL, and base64-encodes the CA', () => {
    expect(webhookClientConfig({ service: { namespace: 'a', name: 'b', port: 8443 } }, '/convert')).toEqual({
      service: { namespace: 'a', name: 'b', port: 8443, path: '/convert' },
    });
    expect(webhookClientConfig({ url: 'https://h:9443/', caBundle: 'PEM' }, '/v')).toEqual({
      url: 'https://h:9443/v',
      caBundle: Buffer.from('PEM').toString('base64'),
    });
  });

  it.each([
    [{}, '/v', 'service: give either service or url'],
    [{ service: { namespace: 'a', name: 'b' }, url: 'https://h' }, '/v', 'service: give either service or url'],
    [{ url: 'http://h' }, '/v', 'url: http://h is not an https:// URL without query or fragment'],
    [{ url: 'https://h?x=1' }, '/v', 'url: https://h?x=1 is not an https:// URL'],
    [{ url: 'not a url' }, '/v', 'url: not a url is not an https:// URL'],
    [{ url: 'https://h' }, 'v', 'path: v does not start with /'],
  ])('refuses %j with path %s', (target, path, message) => {
    const err = thrown(() => webhookClientConfig(target, path));
    expect(isInvalidInput(err)).toBe(true);
    expect((err as Error).message).toContain(message);
  });
});

describe('webhookConversion', () => {
  it("writes the Webhook strategy with conversionReviewVersions ['v1'] and the path /convert by default", () => {
    expect(webhookConversion({ service: { namespace: 'a', name: 'b' } })).toEqual({
      strategy: 'Webhook',
      webhook: {
        conversionReviewVersions: ['v1'],
        clientConfig: { service: { namespace: 'a', name: 'b', path: '/convert' } },
      },
    });
  });

  it('is set on CRDs with several versions only', () => {
    const options = { url: 'https://h:9443', path: '/c' };
    expect(withWebhookConversion(Doohickey.crd, options).spec.conversion).toEqual(webhookConversion(options));
    expect(withWebhookConversion(Gizmo.crd, options)).toBe(Gizmo.crd);
  });
});
