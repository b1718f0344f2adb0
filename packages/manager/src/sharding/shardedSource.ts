import {
  clientListerWatcher,
  type InformerHandler,
  type InformerLease,
  type InformerStatus,
  type InformerStatusEvent,
  SharedInformer,
  type StoreReader,
} from '@kubekit/cache';
import type { Client } from '@kubekit/client';
import { formatShardRanges, type KindRef, type ShardRange } from '@kubekit/core';
import type { ShardGate } from './shardGate.js';

/** Options of {@link shardedInformer}. */
export interface ShardedInformerOptions {
  /** Ask the server for the slice (`shardSelector`); else filter on the client. */
  serverSide: boolean;
  /** Watch metadata only. */
  metadataOnly: boolean;
  /** The namespace to watch. @default all namespaces */
  namespace?: string;
  /** Called after each list with who filtered it. */
  onListFiltered?: (by: 'server' | 'client') => void;
  /** Called once when the lease is released. */
  onRelease?: () => void;
}

interface Running {
  readonly ranges: string;
  readonly informer: SharedInformer;
  readonly abort: AbortController;
  readonly done: Promise<void>;
  readonly offs: (() => void)[];
}

/**
 * The informer of a sharded controller's own kind: it holds this replica's slice only, and starts
 * over on the new slice (listing it) each time the gate's active ranges change to other ranges
 * (while none are active it keeps the last slice). Before any range was active it holds nothing
 * and counts as synced. Events reach the subscribers of the lease.
 */
export function shardedInformer(
  client: Client,
  kind: KindRef,
  gate: ShardGate,
  options: ShardedInformerOptions,
): InformerLease {
  const handlers = new Set<InformerHandler>();
  const statusListeners = new Set<(event: InformerStatusEvent, namespace: string) => void>();
  let current: Running | undefined;
  let released = false;

  const switchTo = (ranges: readonly ShardRange[]) => {
    const text = formatShardRanges(ranges);
    // no range active (fenced, or between a release and a claim): the gate stops every reconcile,
    // and the informer keeps its slice so that getting the same ranges back needs no new list
    if (released || current?.ranges === text || text === '') return;
    if (current) {
      const old = current;
      for (const off of old.offs) off();
      old.abort.abort();
      current = undefined;
    }
    if (text === '') return;
    const lw = clientListerWatcher(client, kind, {
      metadataOnly: options.metadataOnly,
      ...(options.namespace !== undefined && { namespace: options.namespace }),
      shard: {
        field: gate.field,
        ranges,
        serverSide: options.serverSide,
        ...(options.onListFiltered && { onListFiltered: options.onListFiltered }),
        onReceived: (n, outside) => gate.countReceived(n, outside),
      },
    });
    const informer = new SharedInformer(lw, { name: `${kind.kind} shard ${gate.name}` });
    const abort = new AbortController();
    const offs = [...handlers].map((h) => informer.subscribe(h));
    for (const l of statusListeners) offs.push(informer.onStatus((e) => l(e, '')));
    current = { ranges: text, informer, abort, offs, done: informer.start(abort.signal).catch(() => undefined) };
  };
  const offActive = gate.onActiveChange(switchTo);
  switchTo(gate.active);

  return {
    subscribe(handler) {
      handlers.add(handler);
      const running = current;
      const off = running?.informer.subscribe(handler);
      if (off) running?.offs.push(off);
      return () => {
        handlers.delete(handler);
        off?.();
      };
    },
    onStatus(listener) {
      statusListeners.add(listener);
      return () => statusListeners.delete(listener);
    },
    async waitForSync(o) {
      // waits for the informer of the slice at call time; none active is synced
      await current?.informer.waitForSync(o);
    },
    get hasSynced() {
      return current?.informer.hasSynced ?? true;
    },
    get handlerLag() {
      return current?.informer.handlerLag ?? [];
    },
    get status(): ReadonlyMap<string, InformerStatus> {
      return new Map(current ? [['', current.informer.status]] : []);
    },
    get stores(): ReadonlyMap<string, StoreReader> {
      return new Map(current ? [['', current.informer.store]] : []);
    },
    async release() {
      if (released) return;
      released = true;
      options.onRelease?.();
      offActive();
      const last = current;
      current = undefined;
      if (last) {
        for (const off of last.offs) off();
        last.abort.abort();
        await last.done;
      }
    },
  };
}
