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
  /** Always `'get'`: what tells the calls apart. */
  readonly verb: 'get';
  /** The kind the call names. */
  readonly kind: KindRef;
  /** The name of the object. */
  readonly name: string;
  /** The options as the caller passed them. */
  readonly options: GetOptions;
}

/** A `list` (also each page of `listPages` / `listAll`). */
export interface ListCall {
  /** Always `'list'`: what tells the calls apart. */
  readonly verb: 'list';
  /** The kind the call names. */
  readonly kind: KindRef;
  /** The options as the caller passed them. */
  readonly options: ListOptions;
}

/** A `create`. */
export interface CreateCall {
  /** Always `'create'`: what tells the calls apart. */
  readonly verb: 'create';
  /** The object as the caller passed it. */
  readonly object: KubeObject;
  /** The options as the caller passed them. */
  readonly options: CreateOptions;
}

/** An `update` of the whole object (a status update is a {@link SubResourceCall}). */
export interface UpdateCall {
  /** Always `'update'`: what tells the calls apart. */
  readonly verb: 'update';
  /** The object as the caller passed it. */
  readonly object: KubeObject;
  /** The options as the caller passed them. */
  readonly options: UpdateOptions;
}

/** A `patch`, or an `apply` (then `patch.type` is `'apply'`). */
export interface PatchCall {
  /** Always `'patch'`: what tells the calls apart. */
  readonly verb: 'patch';
  /** The kind the call names. */
  readonly kind: KindRef;
  /** The name of the object. */
  readonly name: string;
  /** The patch, as given. */
  readonly patch: Patch;
  /** The options as the caller passed them. */
  readonly options: PatchOptions;
}

/** A `delete`. */
export interface DeleteCall {
  /** Always `'delete'`: what tells the calls apart. */
  readonly verb: 'delete';
  /** The kind the call names. */
  readonly kind: KindRef;
  /** The name of the object. */
  readonly name: string;
  /** The options as the caller passed them. */
  readonly options: DeleteOptions;
}

/** A `deleteAllOf`. */
export interface DeleteAllOfCall {
  /** Always `'deleteAllOf'`: what tells the calls apart. */
  readonly verb: 'deleteAllOf';
  /** The kind the call names. */
  readonly kind: KindRef;
  /** The options as the caller passed them. */
  readonly options: DeleteAllOfOptions;
}

/** A `watch`; the interceptor's `next` answers the (not yet started) event stream. */
export interface WatchCall {
  /** Always `'watch'`: what tells the calls apart. */
  readonly verb: 'watch';
  /** The kind the call names. */
  readonly kind: KindRef;
  /** The options as the caller passed them. */
  readonly options: WatchOptions;
}

/** A call on a subresource: `status().update/patch` or `subResource(name).get/create/update/patch`. */
export interface SubResourceCall {
  /** Always `'subResource'`: what tells the calls apart. */
  readonly verb: 'subResource';
  /** `status`, `scale`, ... */
  readonly subresource: string;
  /** What is done to the subresource. */
  readonly operation: 'get' | 'create' | 'update' | 'patch';
  /** The kind the call names. */
  readonly kind: KindRef;
  /** The name of the object. */
  readonly name: string;
  /** The body of a `create` or `update`. */
  readonly body?: object;
  /** The patch of a `patch`. */
  readonly patch?: Patch;
  /** The options as the caller passed them. */
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
  /** Intercepts `get`. */
  get?: FakeInterceptor<GetCall, KubeObject>;
  /** Intercepts `list` (and each page of `listPages`/`listAll`). */
  list?: FakeInterceptor<ListCall, ObjectList<KubeObject>>;
  /** Intercepts `create`. */
  create?: FakeInterceptor<CreateCall, KubeObject>;
  /** Intercepts `update` (not status updates: `subResource`). */
  update?: FakeInterceptor<UpdateCall, KubeObject>;
  /** Intercepts `patch` and `apply`. */
  patch?: FakeInterceptor<PatchCall, KubeObject>;
  /** Intercepts `delete`. */
  delete?: FakeInterceptor<DeleteCall, KubeObject | Status>;
  /** Intercepts `deleteAllOf`. */
  deleteAllOf?: FakeInterceptor<DeleteAllOfCall, ObjectList<KubeObject> | Status>;
  /** Intercepts `watch`: `next` answers the event stream. */
  watch?: FakeInterceptor<WatchCall, AsyncIterable<WatchEvent>>;
  /** Intercepts every subresource call, `status()` included. */
  subResource?: FakeInterceptor<SubResourceCall, unknown>;
}
