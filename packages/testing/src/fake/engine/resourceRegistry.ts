import type { PrinterColumn } from '@kubekit/core';
import type { StatusCause } from './apiError.js';
import type { FieldTypes } from './fieldSets.js';
import type { NameRule } from './metadataValidation.js';
import type { FakeObject, GroupVersionResource, StoredObject } from './types.js';

/** What discovery lists for a resource that takes every verb. */
export const ALL_VERBS: readonly string[] = [
  'create',
  'delete',
  'deletecollection',
  'get',
  'list',
  'patch',
  'update',
  'watch',
];

/**
 * What one kind does on writes, beyond what the engine does for every kind (names, metadata,
 * resourceVersion, generation, finalizers): the parts of kube-apiserver's per-kind strategies and
 * defaulting that the in-memory server models.
 */
export interface KindStrategy {
  /** How object names are checked. @default 'subdomain' */
  nameRule?: NameRule;
  /**
   * Sets what a create decides whatever the body says (a new Pod's `status`), after the body's
   * owner is recorded: what it sets belongs to no field manager. `now` is the creation time.
   */
  prepareForCreate?: (obj: FakeObject, now: string) => void;
  /** Sets what an update (not of `/status`) decides from the stored object (a DaemonSet's template generation). */
  prepareForUpdate?: (obj: FakeObject, old: StoredObject) => void;
  /** Fills defaults in place, as the real server does when it decodes a body (every create and update). */
  applyDefaults?: (obj: FakeObject, version: string) => void;
  /**
   * Fills the fields the real server shows with empty values when a write leaves them out (Go
   * zero values: a core Event's null timestamps, a pod template's `metadata: {}`), in place. Unlike
   * defaults, no field manager owns them.
   */
  fillZeroValues?: (obj: FakeObject) => void;
  /** The problems of an object about to be stored (empty when valid); `old` is the stored one on updates. */
  validate?: (obj: FakeObject, old: StoredObject | undefined, version: string) => StatusCause[];
  /**
   * What a write to `/status` takes from the stored object rather than from the body: top-level
   * fields (`spec`) and `metadata.<field>` paths. Undefined: everything but `status` (custom resources).
   */
  statusResets?: readonly string[];
  /**
   * Graceful deletion: the seconds a delete leaves the object for (with deletionTimestamp that far
   * ahead), given the `gracePeriodSeconds` asked for; 0 deletes at once. Undefined: never graceful.
   */
  gracePeriodSeconds?: (obj: StoredObject, requested: number | undefined) => number;
  /**
   * Whether a delete without a propagation policy orphans dependents (adds the `orphan`
   * finalizer), as `v1` ReplicationControllers and `batch/v1` Jobs do for compatibility.
   */
  orphansByDefault?: boolean;
  /** Whether delete answers the deleted object (Pods, Services, Namespaces...) rather than a Success Status. */
  returnsDeletedObject?: boolean;
  /** Whether `spec.finalizers` hold deletion back too (Namespaces: `kubernetes`). */
  specFinalizers?: boolean;
  /**
   * Marks an object as being deleted when finalizers hold it, in place. @default deletionTimestamp
   * now, deletionGracePeriodSeconds 0 and generation + 1 (Namespaces: deletionTimestamp and
   * `status.phase: Terminating` only)
   */
  markDeleting?: (obj: FakeObject, now: string) => void;
  /** Why a delete is refused (403 Forbidden), or undefined (Namespaces `default`, `kube-system`, `kube-public`). */
  refuseDelete?: (obj: StoredObject) => string | undefined;
}

/** The scale subresource of a kind: where replicas live in spec and status. */
export interface ScaleSubresource {
  /** Where the desired replica count is, e.g. `.spec.replicas`. */
  specReplicasPath: string;
  /** Where the observed replica count is, e.g. `.status.replicas`. */
  statusReplicasPath: string;
  /** Where the label selector of the replicas is (as a string). */
  labelSelectorPath?: string;
}

/** What the engine knows about one served kind. */
export interface ResourceType {
  /** API group; `''` for the core group. */
  group: string;
  /** Served versions; the first is the preferred one. */
  versions: string[];
  /** The version objects are stored in. */
  storageVersion: string;
  /** The kind, e.g. `Deployment`. */
  kind: string;
  /** The kind of its lists, e.g. `DeploymentList`. */
  listKind: string;
  /** Lower-case plural: the resource name in URLs. */
  plural: string;
  /** Lower-case singular name, e.g. `deployment`. */
  singular: string;
  /** Whether objects live in a namespace. */
  namespaced: boolean;
  /** Short names discovery lists, e.g. `deploy`. */
  shortNames?: string[];
  /** Categories discovery lists, e.g. `all`. */
  categories?: string[];
  /** Whether `/status` is a subresource (then status changes only through it). */
  status: boolean;
  /** The `/scale` subresource, when the kind has one. */
  scale?: ScaleSubresource;
  /** Whether `metadata.generation` is kept (bumped on changes outside metadata and status). */
  generation: boolean;
  /** Whether an update must carry `metadata.resourceVersion` (custom resources: yes). */
  requireResourceVersion: boolean;
  /** Whether the kind takes strategic merge patches (built-ins) . */
  strategicMerge: boolean;
  /** Whether list items carry apiVersion and kind (custom resources: yes; built-ins: no). */
  listItemsTypeMeta: boolean;
  /**
   * The field selector labels of a kind with a field label conversion of its own (on kube-apiserver,
   * `AddFieldLabelConversionFunc`: Pods, Secrets, Events, custom resources, ...): `metadata.name`,
   * `metadata.namespace` for namespaced kinds, and these; others are refused with
   * {@link ResourceType.fieldLabelError}. Undefined for a kind without one (ConfigMaps, Deployments,
   * ...): then `metadata.name` and `metadata.namespace` whatever the scope, others refused with
   * `"<label>" is not a known field selector: only "metadata.name", "metadata.namespace"`.
   */
  fieldSelectors?: string[];
  /** The verbs discovery lists for the resource. @default the eight of `ALL_VERBS` */
  verbs?: readonly string[];
  /** The message refusing a field label (with `fieldSelectors`). @default `field label not supported: <label>` */
  fieldLabelError?: (label: string) => string;
  /**
   * Field labels whose value the kind derives instead of reading the field's path (kube-apiserver's
   * `ToSelectableFields`: a Job's `status.successful` is `status.succeeded`, `0` when unset).
   * @default none: every label reads its path
   */
  fieldValues?: Readonly<Record<string, (obj: FakeObject) => string>>;
  /**
   * Decodes a body as the real server's typed decoding does: drops the fields the kind does not
   * have, in place, and returns their paths; throws a `JsonTypeError` for a value of the wrong
   * JSON type. @default none (custom resources: pruning by their schema)
   */
  decode?: (obj: FakeObject) => string[];
  /** How the kind's lists and maps merge in server-side apply. @default every list atomic, every map granular */
  fieldTypes?: FieldTypes;
  /** The strategic merge key of a list at a field path, or undefined (replaced). @default none */
  mergeKeys?: (fieldPath: readonly string[]) => string | undefined;
  /** How writes of the kind are defaulted, validated and finished (built-ins: `kinds/`; CRDs: their schema). */
  strategy?: KindStrategy;
  /** The `group/version/Kind` objects are stored as, when not this kind's own (discovery's storageVersionHash). */
  storedAs?: string;
  /**
   * The columns of the Table `kubectl get` asks for, by version (a CRD's `additionalPrinterColumns`),
   * after Name. @default Age only
   */
  printerColumns?: Readonly<Record<string, readonly PrinterColumn[]>>;
  /** Set by the CRD controller for kinds it serves. */
  crdName?: string;
}

/** A resource's key in the engine: `<group>/<plural>`. */
export const typeKeyOf = (t: { group: string; plural: string }): string => `${t.group}/${t.plural}`;

/** The kinds an engine serves, by group and plural; changes as CRDs come and go. */
export class ResourceRegistry {
  private readonly byKey = new Map<string, ResourceType>();

  /** Adds or replaces a kind. */
  add(type: ResourceType): void {
    this.byKey.set(typeKeyOf(type), type);
  }

  /** Removes a kind. */
  remove(group: string, plural: string): void {
    this.byKey.delete(`${group}/${plural}`);
  }

  /** The kind served at a group/version/resource, or undefined. */
  find(gvr: GroupVersionResource): ResourceType | undefined {
    const t = this.byKey.get(`${gvr.group}/${gvr.resource}`);
    return t?.versions.includes(gvr.version) ? t : undefined;
  }

  /** The kind with this group and Kind (any version), or undefined. */
  findKind(group: string, kind: string): ResourceType | undefined {
    for (const t of this.byKey.values()) if (t.group === group && t.kind === kind) return t;
    return undefined;
  }

  /** Every served kind. */
  all(): ResourceType[] {
    return [...this.byKey.values()];
  }
}
