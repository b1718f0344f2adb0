/**
 * Status conditions (`metav1.Condition`) and the helpers operators write by hand otherwise, with
 * the semantics of apimachinery's `meta.SetStatusCondition` and friends: a condition's
 * `lastTransitionTime` changes only when its `status` does.
 */
import { kubeTime } from './microTime.js';

/** A condition's status. */
export type ConditionStatus = 'True' | 'False' | 'Unknown';

/** One status condition as JSON (`metav1.Condition`). */
export interface Condition {
  /** The condition's type in CamelCase or `foo.example.com/CamelCase`, e.g. `Ready`; unique in a list. */
  type: string;
  /** `True`, `False` or `Unknown`. */
  status: ConditionStatus;
  /** The `metadata.generation` the condition was set from. @default absent */
  observedGeneration?: number;
  /** When `status` last changed, RFC 3339 (to the second). */
  lastTransitionTime: string;
  /** Why the condition is as it is, in CamelCase, e.g. `MinimumReplicasAvailable`; never empty. */
  reason: string;
  /** Human-readable details; may be empty. */
  message: string;
}

/** What {@link setCondition} takes: a condition whose `lastTransitionTime` it may fill in. */
export type ConditionInit = Omit<Condition, 'lastTransitionTime'> & {
  /** When the status changed. @default now, when the condition is new or its status changes */
  lastTransitionTime?: string;
};

/** Options of {@link setCondition}. */
export interface SetConditionOptions {
  /** The current time in milliseconds since the epoch, for `lastTransitionTime`. @default `Date.now()` */
  now?: () => number;
}

/**
 * Sets a condition in `conditions` (changed in place), as apimachinery's `meta.SetStatusCondition`:
 * a condition of a new type is appended (its `lastTransitionTime` defaults to now); an existing one
 * takes the new `status`, `reason`, `message` and `observedGeneration`, and its `lastTransitionTime`
 * changes only when the status changes (to the given time, else now).
 *
 * @example setCondition((obj.status.conditions ??= []), { type: 'Ready', status: 'True', reason: 'Synced', message: '', observedGeneration: obj.metadata.generation })
 * @returns whether anything changed (so whether a status update is needed).
 */
export function setCondition(
  conditions: Condition[],
  condition: ConditionInit,
  options: SetConditionOptions = {},
): boolean {
  const now = () => kubeTime((options.now ?? Date.now)());
  const existing = findCondition(conditions, condition.type);
  if (!existing) {
    const added: Condition = { ...condition, lastTransitionTime: condition.lastTransitionTime || now() };
    if (added.observedGeneration === undefined) delete added.observedGeneration;
    conditions.push(added);
    return true;
  }
  let changed = false;
  if (existing.status !== condition.status) {
    existing.status = condition.status;
    existing.lastTransitionTime = condition.lastTransitionTime || now();
    changed = true;
  }
  if (existing.reason !== condition.reason) {
    existing.reason = condition.reason;
    changed = true;
  }
  if (existing.message !== condition.message) {
    existing.message = condition.message;
    changed = true;
  }
  if ((existing.observedGeneration ?? 0) !== (condition.observedGeneration ?? 0)) {
    if (condition.observedGeneration === undefined) delete existing.observedGeneration;
    else existing.observedGeneration = condition.observedGeneration;
    changed = true;
  }
  return changed;
}

/** The condition of a type, or `undefined` (`meta.FindStatusCondition`). */
export function findCondition(conditions: readonly Condition[] | undefined, type: string): Condition | undefined {
  return conditions?.find((c) => c.type === type);
}

/**
 * Removes the condition of a type from `conditions` (changed in place), as `meta.RemoveStatusCondition`.
 * @returns whether there was one.
 */
export function removeCondition(conditions: Condition[], type: string): boolean {
  const at = conditions.findIndex((c) => c.type === type);
  if (at < 0) return false;
  conditions.splice(at, 1);
  return true;
}

/** Whether the condition of a type is there with status `True` (`meta.IsStatusConditionTrue`). */
export function isConditionTrue(conditions: readonly Condition[] | undefined, type: string): boolean {
  return findCondition(conditions, type)?.status === 'True';
}

/** Whether the condition of a type is there with status `False` (`meta.IsStatusConditionFalse`). */
export function isConditionFalse(conditions: readonly Condition[] | undefined, type: string): boolean {
  return findCondition(conditions, type)?.status === 'False';
}
