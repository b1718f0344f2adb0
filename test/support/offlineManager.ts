/**
 * A manager that is never started, over a kubeconfig naming an address nothing listens on: for
 * tests of what a manager declares (types, webhooks, manifests) without a cluster.
 */
import { silentLogger } from '@kubekit/core';
import { Manager } from '@kubekit/manager';
import { KubeConfig } from '@kubernetes/client-node';

/** A kubeconfig whose one context names `https://127.0.0.1:1`, where nothing answers. */
export function offlineKubeConfig(): KubeConfig {
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromOptions({
    clusters: [{ name: 'c', server: 'https://127.0.0.1:1', skipTLSVerify: true }],
    users: [{ name: 'u' }],
    contexts: [{ name: 'x', cluster: 'c', user: 'u' }],
    currentContext: 'x',
  });
  return kubeConfig;
}

/** A silent manager over {@link offlineKubeConfig}; never started. */
export function offlineManager(): Manager {
  return new Manager({ kubeConfig: offlineKubeConfig(), logger: silentLogger });
}
