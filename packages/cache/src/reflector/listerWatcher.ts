import type { Client, ListPagesOptions, WatchOptions } from '@kubekit/client';
import {
  formatApiVersion,
  type KindRef,
  type KubeObject,
  type ObjectList,
  type Selector,
  type WatchEvent,
} from '@kubekit/core';
import { wireKind } from '@kubekit/core/internal';

/** Where a reflector's list pages and watch events come from: one kind in one scope. */
export interface ListerWatcher<T extends KubeObject = KubeObject> {
  /**
   * The pages of a list (`pageSize` objects each). Items without `apiVersion` and `kind` (as
   * kube-apiserver sends built-in lists) get the page's, as `setListItemKinds` of `@kubekit/client` sets them.
   */
  listPages(options: { pageSize: number; signal: AbortSignal }): AsyncIterable<ObjectList<T>>;
  /**
   * A watch from `resourceVersion`; ends when the server closes it or `signal` aborts. With
   * `sendInitialEvents` (a streaming list), it starts with the current objects as `ADDED` events,
   * ended by a bookmark annotated `k8s.io/initial-events-end` (`resourceVersionMatch=NotOlderThan`).
   */
  watch(options: {
    resourceVersion: string;
    timeoutSeconds: number;
    signal: AbortSignal;
    sendInitialEvents?: boolean;
  }): AsyncIterable<WatchEvent<T>>;
}

/** The scope of one informer: a namespace (or all) and selectors. */
export interface WatchScope {
  /** @default all namespaces */
  namespace?: string;
  labelSelector?: Selector;
  fieldSelector?: Selector;
  /**
   * List and watch metadata only (`PartialObjectMetadata`): objects carry `metadata` and no spec or
   * status. Their `apiVersion` and `kind` are set back to the kind's own (not `meta.k8s.io/v1`
   * `PartialObjectMetadata`), so readers tell kinds apart as usual. @default false
   */
  metadataOnly?: boolean;
  /**
   * Leave `metadata.managedFields` out of the objects, cut from the answers' text before they are
   * parsed (the client's `dropManagedFields`); an informer whose transform drops them anyway asks
   * for this. @default false
   */
  dropManagedFields?: boolean;
}

/**
 * A {@link ListerWatcher} on a `@kubekit/client` {@link Client}, with bookmarks requested. Objects
 * come as the server sends them: a descriptor's `decode` is not applied (see `wireKind`), so an
 * informer holds wire objects that any descriptor of the kind reads (`InformerCache` decodes on read).
 */
export function clientListerWatcher(client: Client, descriptor: KindRef, scope: WatchScope = {}): ListerWatcher {
  const kind = wireKind(descriptor);
  const base = {
    namespace: scope.namespace,
    labelSelector: scope.labelSelector,
    fieldSelector: scope.fieldSelector,
    dropManagedFields: scope.dropManagedFields,
  };
  if (scope.metadataOnly) return metadataListerWatcher(client, kind, base);
  return {
    listPages: ({ pageSize, signal }) =>
      client.listPages(kind, { ...base, pageSize, signal } satisfies ListPagesOptions) as AsyncIterable<
        ObjectList<KubeObject>
      >,
    watch: ({ resourceVersion, timeoutSeconds, signal, sendInitialEvents }) =>
      client.watch(kind, {
        ...base,
        resourceVersion: resourceVersion || undefined,
        timeoutSeconds,
        allowWatchBookmarks: true,
        signal,
        ...(sendInitialEvents ? { sendInitialEvents: true, resourceVersionMatch: 'NotOlderThan' } : {}),
      } satisfies WatchOptions) as AsyncIterable<WatchEvent<KubeObject>>,
  };
}

/** The metadata-only {@link ListerWatcher}: objects get the kind's `apiVersion` and `kind` back. */
function metadataListerWatcher(
  client: Client,
  kind: KindRef,
  base: Pick<WatchScope, 'namespace' | 'labelSelector' | 'fieldSelector' | 'dropManagedFields'>,
): ListerWatcher {
  const typeMeta = async (signal: AbortSignal) => {
    const m = await client.restMapper.mapping(kind, signal);
    return { apiVersion: formatApiVersion(m), kind: m.kind };
  };
  return {
    async *listPages({ pageSize, signal }) {
      const tm = await typeMeta(signal);
      for await (const page of client.listPages(kind, { ...base, pageSize, signal, metadataOnly: true })) {
        yield { ...page, items: page.items.map((o) => ({ ...o, ...tm })) };
      }
    },
    async *watch({ resourceVersion, timeoutSeconds, signal, sendInitialEvents }) {
      const tm = await typeMeta(signal);
      const events = client.watch(kind, {
        ...base,
        resourceVersion: resourceVersion || undefined,
        timeoutSeconds,
        allowWatchBookmarks: true,
        signal,
        metadataOnly: true,
        ...(sendInitialEvents ? { sendInitialEvents: true, resourceVersionMatch: 'NotOlderThan' } : {}),
      });
      for await (const event of events) {
        yield event.type === 'ERROR' ? event : { ...event, object: { ...event.object, ...tm } };
      }
    },
  };
}
