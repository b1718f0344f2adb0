/**
 * Type-level tests of the builder and handlers (checked by `tsc -p test`): the `for` kind's and each
 * watched kind's object types reach predicates, handlers and map functions; a reconciler may
 * return a Result, nothing, or a promise of either.
 */
import { expect, it } from '@jest/globals';
import type { InformerEvent } from '@kubekit/cache';
import { builtinKinds } from '@kubekit/client';
import { type ConfigMap, defineKind, type KubeObject } from '@kubekit/core';
import { controllerFor, enqueueRequestsFromMapFunc, type Predicate, type Reconciler, Result } from '@kubekit/manager';
import { offlineManager } from '../support/offlineManager.js';

interface Sprocket extends KubeObject {
  spec: { teeth: number };
}
const Sprocket = defineKind<Sprocket>({
  apiVersion: 'g.io/v1',
  kind: 'Sprocket',
  plural: 'sprockets',
  scope: 'Namespaced',
});

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
const check = <T extends true>(_: T) => undefined;

it('types flow from kinds to predicates, handlers and map functions', () => {
  const mgr = offlineManager();
  const teeth: Predicate<Sprocket> = (e) => e.object.spec.teeth > 0;
  const controller = controllerFor(mgr, Sprocket, { predicates: [teeth] })
    .owns(builtinKinds.ConfigMap, {
      predicates: [
        (e) => {
          check<Equal<typeof e, InformerEvent<ConfigMap & KubeObject>>>(true);
          return e.object.data !== undefined;
        },
      ],
    })
    .watches(
      builtinKinds.ConfigMap,
      enqueueRequestsFromMapFunc((cm) => {
        check<Equal<typeof cm, ConfigMap & KubeObject>>(true);
        return [{ namespace: cm.metadata?.namespace, name: 'x' }];
      }),
    )
    .complete(async (request, { log }) => {
      log.info({ name: request.name }, 'typed');
      return request.name ? Result.requeueAfter(1000) : undefined;
    });
  const asObject: Reconciler = { reconcile: () => Result.done() };
  const sync: Reconciler = { reconcile: () => undefined };
  expect(controller.name).toBe('sprocket');
  expect([asObject, sync]).toHaveLength(2);
  mgr.apiClient.close();
});
