import { type KindRef, type KubeObject, keyOf, parseApiVersion, type Scope } from '@kubekit/core';
import { DEFAULT_ONLY_CONTROLLER } from '../defaults.js';
import type { Request } from '../reconcile/request.js';
import type { EventHandler } from './eventHandler.js';

/** Options of {@link enqueueRequestForOwner}. */
export interface EnqueueForOwnerOptions {
  /** Only the owner reference marked `controller: true`; `false`: every owner of that kind. @default true */
  onlyController?: boolean;
  /** The owner kind's scope (a cluster-scoped owner has no namespace). @default the kind's `scope`, else 'Namespaced' */
  scope?: Scope;
}

/**
 * Reconciles the owner of the object the event is about, when that owner is of `ownerKind` (same
 * group and kind; any version). On an update, owners of the old and the new state are both
 * reconciled, so a changed owner reference reaches the previous owner too.
 */
export function enqueueRequestForOwner<T extends KubeObject = KubeObject>(
  ownerKind: KindRef,
  options: EnqueueForOwnerOptions = {},
): EventHandler<T> {
  const onlyController = options.onlyController ?? DEFAULT_ONLY_CONTROLLER;
  const scope = options.scope ?? (ownerKind as { scope?: Scope }).scope ?? 'Namespaced';
  const group = parseApiVersion(ownerKind.apiVersion).group;
  const ownersOf = (obj: KubeObject, out: Map<string, Request>) => {
    for (const ref of obj.metadata?.ownerReferences ?? []) {
      if (onlyController && ref.controller !== true) continue;
      if (ref.kind !== ownerKind.kind || parseApiVersion(ref.apiVersion).group !== group) continue;
      const namespace = scope === 'Namespaced' ? obj.metadata?.namespace : undefined;
      const request: Request = namespace ? { namespace, name: ref.name } : { name: ref.name };
      out.set(keyOf(ref.name, namespace), request);
    }
  };
  return (event) => {
    const out = new Map<string, Request>();
    if (event.type === 'update') ownersOf(event.oldObject, out);
    ownersOf(event.object, out);
    return out.values();
  };
}
