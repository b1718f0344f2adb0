import type {
  Client,
  KindRef,
  KubeObject,
  ListPagesOptions,
  ObjectList,
  Selector,
  WatchEvent,
  WatchOptions,
} from '@kubekit/client';

/** Where a reflector's list pages and watch events come from: one kind in one scope. */
export interface ListerWatcher<T extends KubeObject = KubeObject> {
  /** The pages of a list (`pageSize` objects each). */
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
}

/** A {@link ListerWatcher} on a `@kubekit/client` {@link Client}, with bookmarks requested. */
export function clientListerWatcher(client: Client, kind: KindRef, scope: WatchScope = {}): ListerWatcher {
  const base = {
    namespace: scope.namespace,
    labelSelector: scope.labelSelector,
    fieldSelector: scope.fieldSelector,
  };
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
