import type {
  CreateOptions,
  DeleteAllOfOptions,
  DeleteOptions,
  GetOptions,
  ListOptions,
  Patch,
  PatchOptions,
  UpdateOptions,
  WatchOptions,
} from '@kubekit/client';
import type { KindRef, KubeObject, ObjectList, Status, WatchEvent } from '@kubekit/core';

/** A `get` as the fake client received it. */
export interface GetCall {
  readonly verb: 'get';
  readonly kind: KindRef;
  readonly name: string;
  readonly options: GetOptions;
}

/** A `list` (also each page of `listPages` / `listAll`). */
export interface ListCall {
  readonly verb: 'list';
  readonly kind: KindRef;
  readonly options: ListOptions;
}

/** A `create`. */
export interface CreateCall {
  readonly verb: 'create';
  readonly object: KubeObject;
  readonly options: CreateOptions;
}

/** An `update` of the whole object (a status update is a {@link SubResourceCall}). */
export interface UpdateCall {
  readonly verb: 'update';
  readonly object: KubeObject;
  readonly options: UpdateOptions;
}

/** A `patch`, or an `apply` (then `patch.type` is `'apply'`). */
export interface PatchCall {
  readonly verb: 'patch';
  readonly kind: KindRef;
  readonly name: string;
  readonly patch: Patch;
  readonly options: PatchOptions;
}

/** A `delete`. */
export interface DeleteCall {
  readonly verb: 'delete';
  readonly kind: KindRef;
  readonly name: string;
  readonly options: DeleteOptions;
}

/** A `deleteAllOf`. */
export interface DeleteAllOfCall {
  readonly verb: 'deleteAllOf';
  readonly kind: KindRef;
  readonly options: DeleteAllOfOptions;
}

/** A `watch`; the interceptor's `next` answers the (not yet started) event stream. */
export interface WatchCall {
  readonly verb: 'watch';
  readonly kind: KindRef;
  readonly options: WatchOptions;
}

/** A call on a subresource: `status().update/patch` or `subResource(name).get/create/update/patch`. */
export interface SubResourceCall {
  readonly verb: 'subResource';
  /** `status`, `scale`, ... */
  readonly subresource: string;
  readonly operation: 'get' | 'create' | 'update' | 'patch';
  readonly kind: KindRef;
  readonly name: string;
  /** The body of a `create` or `update`. */
  readonly body?: object;
  /** The patch of a `patch`. */
  readonly patch?: Patch;
  readonly options: GetOptions & CreateOptions & UpdateOptions & PatchOptions;
}

/** Every call an interceptor can see, told apart by `verb`. */
export type FakeClientCall =
  | GetCall
  | ListCall
  | CreateCall
  | UpdateCall
  | PatchCall
  | DeleteCall
  | DeleteAllOfCall
  | WatchCall
  | SubResourceCall;

/**
 * Wraps one kind of call: do something before or after `next(call)` (count, delay, change the
 * call), or throw instead of calling it (fail the third update with a `ConflictError`).
 */
export type FakeInterceptor<C, R> = (call: C, next: (call: C) => Promise<R>) => Promise<R>;

/** Per-verb hooks of a `FakeClient`; a verb without one goes straight to the storage. */
export interface FakeClientInterceptors {
  get?: FakeInterceptor<GetCall, KubeObject>;
  list?: FakeInterceptor<ListCall, ObjectList<KubeObject>>;
  create?: FakeInterceptor<CreateCall, KubeObject>;
  update?: FakeInterceptor<UpdateCall, KubeObject>;
  patch?: FakeInterceptor<PatchCall, KubeObject>;
  delete?: FakeInterceptor<DeleteCall, KubeObject | Status>;
  deleteAllOf?: FakeInterceptor<DeleteAllOfCall, ObjectList<KubeObject> | Status>;
  watch?: FakeInterceptor<WatchCall, AsyncIterable<WatchEvent>>;
  subResource?: FakeInterceptor<SubResourceCall, unknown>;
}
