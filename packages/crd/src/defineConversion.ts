import type { KubeObject } from '@kubekit/core';
import type { CustomResourceDescriptor, CustomResourceOf } from './defineCustomResource.js';
import { CrdError } from './errors.js';

/** A spoke version's two conversions: to the hub version and back. */
export interface SpokeConversion<Hub, Spoke> {
  /** The spoke object as the hub version (its `apiVersion` is set for you). */
  toHub(spoke: Spoke): Hub;
  /** The hub object as this spoke version (its `apiVersion` is set for you). */
  fromHub(hub: Hub): Spoke;
}

/** The versions of a multi-version custom resource, by name. */
// biome-ignore lint/suspicious/noExplicitAny: any spec and status types, narrowed by inference at the call site
type VersionDescriptors = Readonly<Record<string, CustomResourceDescriptor<any, any>>>;

/** Options of {@link defineConversion}. */
export interface ConversionOptions<Versions extends VersionDescriptors, Hub extends string> {
  /** The hub version every other version converts to and from (usually the storage version). */
  hub: Hub;
  /** For every other version, its conversions to and from the hub. */
  spokes: {
    [K in Exclude<keyof Versions & string, Hub>]: SpokeConversion<
      CustomResourceOf<Versions[Hub]>,
      CustomResourceOf<Versions[K]>
    >;
  };
}

/**
 * Converts objects of one custom resource between its versions: what a conversion webhook
 * (`conversionWebhook` of `@kubekit/manager`) calls for each object of a ConversionReview.
 */
export interface ResourceConverter {
  /** The custom resource's API group. */
  readonly group: string;
  /** The custom resource's kind. */
  readonly kind: string;
  /** The versions it converts between. */
  readonly versions: readonly string[];
  /**
   * `object` (in its wire form, any of `versions`) as `desiredAPIVersion`: checked against its own
   * version's schema, converted through the hub, checked against the desired version's schema.
   * `metadata` is kept as it came, except labels and annotations, which the conversions may change
   * (the API server refuses any other metadata change).
   * @throws CrdError `ConversionFailed` naming the object, the versions and the cause
   */
  convert(object: KubeObject, desiredAPIVersion: string): KubeObject;
}

/**
 * Declares hub-and-spoke conversions for a multi-version custom resource (controller-runtime's
 * `Hub` and `Convertible`): each spoke version converts to and from the hub, and kubekit composes
 * spoke to spoke through the hub. Each object is parsed with its version's zod schema before a
 * conversion sees it, and the result with the desired version's.
 *
 * ```ts
 * const Gadget = defineCustomResource({ group: 'example.com', kind: 'Gadget', versions: { v1alpha1, v1 } });
 * const gadgetConversion = defineConversion(Gadget, {
 *   hub: 'v1',
 *   spokes: {
 *     v1alpha1: {
 *       toHub: (old) => ({ ...old, spec: { size: { value: old.spec.inches, unit: 'in' } } }),
 *       fromHub: (hub) => ({ ...hub, spec: { inches: hub.spec.size.value } }),
 *     },
 *   },
 * });
 * ```
 * @throws CrdError `InvalidDefinition` when `hub` is not a version, or a spoke is missing or unknown
 */
export function defineConversion<Versions extends VersionDescriptors, Hub extends keyof Versions & string>(
  family: { readonly group: string; readonly kind: string; readonly versions: Versions },
  options: ConversionOptions<Versions, Hub>,
): ResourceConverter {
  const descriptors = family.versions as unknown as Record<string, CustomResourceDescriptor<unknown, unknown>>;
  const names = Object.keys(descriptors);
  const { hub } = options;
  const spokes = options.spokes as unknown as Record<string, SpokeConversion<unknown, unknown>>;
  if (!names.includes(hub)) {
    throw new CrdError(
      'InvalidDefinition',
      `${family.kind}: hub ${hub} is not one of its versions (${names.join(', ')})`,
    );
  }
  for (const name of names) {
    if (name !== hub && !spokes[name]) {
      throw new CrdError(
        'InvalidDefinition',
        `${family.kind}: version ${name} has no conversion to and from hub ${hub}`,
      );
    }
  }
  for (const name of Object.keys(spokes)) {
    if (!names.includes(name) || name === hub) {
      throw new CrdError('InvalidDefinition', `${family.kind}: spoke ${name} is not a version other than the hub`);
    }
  }
  const versionOf = new Map(names.map((n) => [`${family.group}/${n}`, n]));
  return {
    group: family.group,
    kind: family.kind,
    versions: names,
    convert(object, desiredAPIVersion) {
      const from = versionOf.get(String(object.apiVersion));
      const to = versionOf.get(desiredAPIVersion);
      const name = object.metadata?.namespace
        ? `${object.metadata.namespace}/${object.metadata.name}`
        : String(object.metadata?.name);
      const failed = (why: string, cause?: unknown) =>
        new CrdError(
          'ConversionFailed',
          `cannot convert ${family.kind} ${name} from ${String(object.apiVersion)} to ${desiredAPIVersion}: ${why}`,
          cause === undefined ? {} : { cause },
        );
      if (object.kind !== family.kind) throw failed(`it is a ${String(object.kind)}`);
      if (from === undefined) throw failed(`${String(object.apiVersion)} is not a version of ${family.kind}`);
      if (to === undefined) throw failed(`${desiredAPIVersion} is not a version of ${family.kind}`);
      const step = (what: string, run: () => unknown): unknown => {
        try {
          return run();
        } catch (cause) {
          throw failed(`${what}: ${cause instanceof Error ? cause.message : String(cause)}`, cause);
        }
      };
      if (from === to) return object;
      const source = step(`not a valid ${from}`, () =>
        (descriptors[from] as CustomResourceDescriptor<unknown, unknown>).decode(object),
      );
      const inHub =
        from === hub
          ? source
          : {
              ...(step(`${from} to ${hub}`, () => spokes[from]?.toHub(source)) as object),
              apiVersion: `${family.group}/${hub}`,
            };
      const out =
        to === hub
          ? inHub
          : { ...(step(`${hub} to ${to}`, () => spokes[to]?.fromHub(inHub)) as object), apiVersion: desiredAPIVersion };
      const target = descriptors[to] as CustomResourceDescriptor<unknown, unknown>;
      const checked = step(`the result is not a valid ${to}`, () =>
        target.decode({ ...(out as object), apiVersion: desiredAPIVersion, kind: family.kind }),
      ) as KubeObject;
      const changed = (checked.metadata ?? {}) as {
        labels?: Record<string, string>;
        annotations?: Record<string, string>;
      };
      const metadata = { ...object.metadata };
      if (changed.labels !== undefined) metadata.labels = changed.labels;
      if (changed.annotations !== undefined) metadata.annotations = changed.annotations;
      return {
        ...(target.encode(checked as never) as KubeObject),
        apiVersion: desiredAPIVersion,
        kind: family.kind,
        metadata,
      };
    },
  };
}
