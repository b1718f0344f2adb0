import type { Client, ListPagesOptions, WatchOptions } from '@kubekit/client';
import {
  formatApiVersion,
  type KindRef,
  type KubeObject,
  type ObjectList,
  type Selector,
  type ShardKeyField,
  type ShardRange,
  shardHashOf,
  shardRangesContain,
  shardSelectorString,
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
  /** Only objects whose labels match. @default every object */
  labelSelector?: Selector;
  /** Only objects whose fields match. @default every object */
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
  /**
   * Only objects whose `field` hashes into `ranges` (see {@link ShardScope}): asked of the server
   * with `shardSelector`, and filtered on the client with the same hash when the server did not
   * apply it. @default none (every object)
   */
  shard?: ShardScope;
}

/** One replica's slice of a kind: the hash ranges it owns of a metadata field. */
export interface ShardScope {
  /** The metadata field hashed (64-bit FNV-1a). */
  readonly field: ShardKeyField;
  /** The ranges of the slice (at least one). */
  readonly ranges: readonly ShardRange[];
  /** Ask the server to filter (`shardSelector`); `false` filters on the client only. @default true */
  readonly serverSide?: boolean;
  /**
   * Called after each list page with whether the server applied the selector (echoed it in
   * `metadata.shardInfo`); a streaming list (`sendInitialEvents`) has no echo and counts as `client`.
   */
  readonly onListFiltered?: (by: 'server' | 'client') => void;
  /**
   * Called for each list page and watch event with the objects it brought and how many of them are
   * outside the slice (0 when the server filtered), before client-side filtering.
   */
  readonly onReceived?: (objects: number, outside: number) => void;
}

/**
 * A {@link ListerWatcher} on a `@kubekit/client` {@link Client}, with bookmarks requested. Objects
 * come as the server sends them: a descriptor's `decode` is not applied (see `wireKind`), so an
 * informer holds wire objects that any descriptor of the kind reads (`InformerCache` decodes on read).
 */
export function clientListerWatcher(client: Client, descriptor: KindRef, scope: WatchScope = {}): ListerWatcher {
  const kind = wireKind(descriptor);
  const selector = scope.shard && shardSelectorString(scope.shard.field, scope.shard.ranges);
  const base = {
    namespace: scope.namespace,
    labelSelector: scope.labelSelector,
    fieldSelector: scope.fieldSelector,
    ...(selector && scope.shard?.serverSide !== false && { shardSelector: selector }),
    dropManagedFields: scope.dropManagedFields,
  };
  const lw = scope.metadataOnly ? metadataListerWatcher(client, kind, base) : plainListerWatcher(client, kind, base);
  return scope.shard && selector ? shardFiltered(lw, scope.shard, selector) : lw;
}

/**
 * Keeps the objects of `shard` only, on the client, whenever the server may not have: a list page
 * that does not echo `selector` in `metadata.shardInfo` (a server without the feature gate), and
 * the watch that follows such a list (or a streaming list, which carries no echo). The hash is
 * `shardHashOf` of `@kubekit/core`, the server's.
 */
function shardFiltered(lw: ListerWatcher, shard: ShardScope, selector: string): ListerWatcher {
  const mine = (o: KubeObject) => shardRangesContain(shard.ranges, shardHashOf(o, shard.field));
  let serverApplied = false;
  return {
    async *listPages(options) {
      for await (const page of lw.listPages(options)) {
        serverApplied = shard.serverSide !== false && page.metadata.shardInfo?.selector === selector;
        shard.onListFiltered?.(serverApplied ? 'server' : 'client');
        const items = serverApplied && !shard.onReceived ? page.items : page.items.filter(mine);
        shard.onReceived?.(page.items.length, page.items.length - items.length);
        yield serverApplied ? page : { ...page, items };
      }
    },
    async *watch(options) {
      // a streaming list carries no echo: its slice is kept on the client
      if (options.sendInitialEvents) shard.onListFiltered?.('client');
      const trust = serverApplied && !options.sendInitialEvents;
      for await (const event of lw.watch(options)) {
        if (event.type === 'BOOKMARK' || event.type === 'ERROR') {
          yield event;
          continue;
        }
        const inSlice = (trust && !shard.onReceived) || mine(event.object);
        shard.onReceived?.(1, inSlice ? 0 : 1);
        if (trust || inSlice) yield event;
      }
    },
  };
}

function plainListerWatcher(
  client: Client,
  kind: KindRef,
  base: Pick<ListPagesOptions, 'namespace' | 'labelSelector' | 'fieldSelector' | 'shardSelector'>,
): ListerWatcher {
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
  base: Pick<ListPagesOptions, 'namespace' | 'labelSelector' | 'fieldSelector' | 'shardSelector' | 'dropManagedFields'>,
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
