import type { StatusCause } from './apiError.js';
import type { FakeObject, GroupVersionResource } from './types.js';

/** The scale subresource of a kind: where replicas live in spec and status. */
export interface ScaleSubresource {
  specReplicasPath: string;
  statusReplicasPath: string;
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
  kind: string;
  listKind: string;
  /** Lower-case plural: the resource name in URLs. */
  plural: string;
  singular: string;
  namespaced: boolean;
  shortNames?: string[];
  categories?: string[];
  /** Whether `/status` is a subresource (then status changes only through it). */
  status: boolean;
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
  /** The message refusing a field label (with `fieldSelectors`). @default `field label not supported: <label>` */
  fieldLabelError?: (label: string) => string;
  /**
   * Field labels whose value the kind derives instead of reading the field's path (kube-apiserver's
   * `ToSelectableFields`: a Job's `status.successful` is `status.succeeded`, `0` when unset).
   * @default none: every label reads its path
   */
  fieldValues?: Readonly<Record<string, (obj: FakeObject) => string>>;
  /**
   * Defaults, prunes and validates an object of one version before it is stored; returns the
   * problems found (empty when valid).
   */
  admit?: (obj: FakeObject, version: string) => StatusCause[];
  /** Whether `spec.finalizers` hold deletion back too (Namespaces: `kubernetes`). */
  specFinalizers?: boolean;
  /** Changes an object as its deletion starts (Namespaces: `status.phase: Terminating`). */
  onDeleting?: (obj: FakeObject) => void;
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
