import { defineKind, type KubeObject } from '@kubekit/core';
import { CustomObjectsApi, type KubeConfig } from '@kubernetes/client-node';

/** A Widget custom resource of the fixture CRDs. */
export interface Widget extends KubeObject {
  spec?: { color?: string; replicas?: number; size?: number };
  status?: { replicas?: number; phase?: string };
}

/** The Widget kind for `@kubekit/client`: reads of it come back as {@link Widget}. */
export const Widget = defineKind<Widget>({
  apiVersion: 'test.kubekit.dev/v1',
  kind: 'Widget',
  plural: 'widgets',
  scope: 'Namespaced',
});

/** client-node's CustomObjectsApi bound to Widgets in one namespace. */
export function widgetsIn(kc: KubeConfig, namespace: string) {
  const api = kc.makeApiClient(CustomObjectsApi);
  const at = { group: 'test.kubekit.dev', version: 'v1', namespace, plural: 'widgets' };
  return {
    path: `/apis/test.kubekit.dev/v1/namespaces/${namespace}/widgets`,
    create: (name: string, spec: Widget['spec'] = {}): Promise<Widget> =>
      api.createNamespacedCustomObject({
        ...at,
        body: { apiVersion: 'test.kubekit.dev/v1', kind: 'Widget', metadata: { name }, spec },
      }),
    get: (name: string): Promise<Widget> => api.getNamespacedCustomObject({ ...at, name }),
    list: (): Promise<{ items: Widget[]; metadata: { resourceVersion: string } }> => api.listNamespacedCustomObject(at),
    replace: (w: Widget): Promise<Widget> =>
      api.replaceNamespacedCustomObject({ ...at, name: w.metadata?.name ?? '', body: w }),
  };
}
