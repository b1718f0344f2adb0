import type {
  CustomResourceConversion,
  CustomResourceDefinition,
  CustomResourceDefinitionVersion,
  JSONSchemaProps,
  PrinterColumn,
  UnstructuredObject,
  ValidationRule,
} from '@kubekit/core';
import { dns1035LabelErrors, dns1123SubdomainErrors } from '@kubekit/core';
import { z } from 'zod';
import { CrdError } from './errors.js';
import { parseWith } from './parseWith.js';
import { pluralize } from './pluralize.js';
import { type ObjectMeta, objectMetaSchema, type ResourceDescriptor } from './resourceDescriptor.js';
import { toStructuralSchema } from './structuralSchema.js';

/** A custom resource as the program sees it. */
export interface CustomResource<Spec, Status = never> {
  /** `group/version` of the object's version, e.g. `example.com/v1`. */
  apiVersion: string;
  /** The kind, e.g. `Widget`. */
  kind: string;
  /** The object's metadata. */
  metadata: ObjectMeta;
  /** The desired state, as the `spec` schema parsed it (defaults applied). */
  spec: Spec;
  /** The observed state, as the `status` schema parsed it; absent until a controller writes it. */
  status?: Status;
}

/** The schemas and per-version settings of one version of a custom resource. */
export interface CustomResourceVersionOptions<Spec extends z.ZodType, Status extends z.ZodType | undefined> {
  /** The `spec` schema, usually a `z.object(...)`. */
  spec: Spec;
  /** The `status` schema. @default undefined (no status field) */
  status?: Status;
  /** Whether objects are stored in this version; exactly one version has it. @default true when it is the only version */
  storage?: boolean;
  /** Whether the API server serves this version. @default true */
  served?: boolean;
  /** Marks the version deprecated; clients get a warning. @default false */
  deprecated?: boolean;
  /** The warning clients get when `deprecated`. @default the server's own */
  deprecationWarning?: string;
  /**
   * `status: true` gives a `/status` subresource (then writes to the main resource ignore status);
   * `scale` gives `/scale`.
   * @default { status: true } when a status schema is given, else {}
   */
  subresources?: {
    /** Give the kind a `/status` subresource. */
    status?: boolean;
    /** Give the kind a `/scale` subresource: where the replica counts (and the label selector) are, as JSON paths. */
    scale?: {
      /** Where the desired replica count is, e.g. `.spec.replicas`. */
      specReplicasPath: string;
      /** Where the observed replica count is, e.g. `.status.replicas`. */
      statusReplicasPath: string;
      /** Where the label selector of the replicas is (as a string), for autoscalers. */
      labelSelectorPath?: string;
    };
  };
  /** Extra columns of `kubectl get`. @default [] */
  printerColumns?: readonly PrinterColumn[];
  /** JSON paths usable in field selectors, e.g. `.spec.color`. @default [] */
  selectableFields?: readonly string[];
  /**
   * CEL rules on the whole object (`self` is the object; `self.metadata` has only name and
   * generateName). Rules with `oldSelf` are transition rules.
   * @default []
   */
  validations?: ReadonlyArray<ValidationRule | string>;
  /** Description of the whole object in the schema. @default undefined */
  description?: string;
}

/** Names and scope shared by every version of a custom resource. */
export interface CustomResourceNamesOptions {
  /** API group, a DNS subdomain with at least one dot, e.g. `example.com`. */
  group: string;
  /** UpperCamelCase kind, e.g. `Widget`. */
  kind: string;
  /** Resource name in URLs. @default the plural controller-gen gives the kind (`widgets`, `policies`, `people`) */
  plural?: string;
  /** @default the kind in lower case */
  singular?: string;
  /** @default `${kind}List` */
  listKind?: string;
  /** @default 'Namespaced' */
  scope?: 'Namespaced' | 'Cluster';
  /** Short names for kubectl, e.g. `['wd']`. @default [] */
  shortNames?: readonly string[];
  /** Categories for `kubectl get <category>`, e.g. `['all']`. @default [] */
  categories?: readonly string[];
  /**
   * How the API server converts between versions: the hook point for a conversion webhook,
   * written to `spec.conversion` as given; `webhookConversion({ service })` writes the Webhook
   * stanza (`clientConfig`, `caBundle`, `conversionReviewVersions: ['v1']`) for you.
   * @default { strategy: 'None' } (only apiVersion is rewritten; fine while the schemas agree)
   */
  conversion?: CustomResourceConversion;
  /** Labels and annotations of the CRD object. @default {} */
  metadata?: {
    /** Labels of the CRD object. */
    labels?: Record<string, string>;
    /** Annotations of the CRD object, e.g. cert-manager's `cert-manager.io/inject-ca-from`. */
    annotations?: Record<string, string>;
  };
}

/** `defineCustomResource` options for a kind with one version. */
export interface CustomResourceOptions<Spec extends z.ZodType, Status extends z.ZodType | undefined>
  extends CustomResourceNamesOptions,
    CustomResourceVersionOptions<Spec, Status> {
  /** The version, e.g. `v1`. */
  version: string;
}

/** `defineCustomResource` options for a kind with several versions, keyed by version name. */
export interface MultiVersionCustomResourceOptions<V extends Record<string, AnyVersionOptions>>
  extends CustomResourceNamesOptions {
  /** The options of each version, keyed by version name (`v1alpha1`, `v1`, ...); exactly one has `storage: true`. */
  versions: V;
}

// biome-ignore lint/suspicious/noExplicitAny: any zod schemas, narrowed by inference at the call site
type AnyVersionOptions = CustomResourceVersionOptions<z.ZodType, any>;

type StatusOf<S> = S extends z.ZodType ? z.output<S> : never;

/**
 * One version of a custom resource: what the client and cache accept, the inferred TypeScript
 * types, validation, and the CRD it belongs to.
 */
export interface CustomResourceDescriptor<Spec, Status = never>
  extends ResourceDescriptor<CustomResource<Spec, Status>> {
  readonly apiVersion: `${string}/${string}`;
  /** The lower-case singular name, e.g. `widget`. */
  readonly singular: string;
  /** The kind of its lists, e.g. `WidgetList`. */
  readonly listKind: string;
  /** Short names kubectl accepts. */
  readonly shortNames: readonly string[];
  /** Categories `kubectl get <category>` includes the kind in. */
  readonly categories: readonly string[];
  /** Whether this version is the storage version. */
  readonly storage: boolean;
  /** The zod schema of `spec`. */
  readonly specSchema: z.ZodType<Spec>;
  /** The zod schema of `status`; `undefined` when the version has no status. */
  readonly statusSchema: z.ZodType<Status> | undefined;
  /** The whole CustomResourceDefinition (every version), ready to apply. */
  readonly crd: CustomResourceDefinition;
  /** Type carrier only (always `undefined`): `typeof Widget.$type` is the object type. */
  readonly $type: CustomResource<Spec, Status>;
}

/** The versions of a multi-version custom resource, each a descriptor, and their one CRD. */
export interface CustomResourceVersions<V extends Record<string, AnyVersionOptions>> {
  /** The API group. */
  readonly group: string;
  /** The kind. */
  readonly kind: string;
  /** The resource name in URLs. */
  readonly plural: string;
  /** The name of the storage version. */
  readonly storageVersion: keyof V & string;
  /** One descriptor per version, keyed by version name. */
  readonly versions: {
    readonly [K in keyof V]: CustomResourceDescriptor<z.output<V[K]['spec']>, StatusOf<V[K]['status']>>;
  };
  /** The whole CustomResourceDefinition (every version), ready to apply. */
  readonly crd: CustomResourceDefinition;
}

/** The object type of a descriptor: `type Widget = CustomResourceOf<typeof Widget>`. */
export type CustomResourceOf<D> = D extends ResourceDescriptor<infer T> ? T : never;

/**
 * Defines a custom resource from zod schemas: the single source of its TypeScript types, of
 * run-time validation, and of its CustomResourceDefinition with a structural schema and CEL rules.
 *
 * @example
 * const Widget = defineCustomResource({
 *   group: 'example.com', version: 'v1', kind: 'Widget',
 *   spec: z.object({ size: z.number().int().min(1).default(1) }),
 *   status: z.object({ ready: z.boolean().optional() }),
 * });
 * type Widget = CustomResourceOf<typeof Widget>;
 *
 * @throws CrdError `InvalidDefinition` for bad names or storage versions; `UnsupportedSchema` for
 *   a zod construct Kubernetes cannot express (naming the field).
 */
export function defineCustomResource<Spec extends z.ZodType, Status extends z.ZodType | undefined = undefined>(
  options: CustomResourceOptions<Spec, Status>,
): CustomResourceDescriptor<z.output<Spec>, StatusOf<Status>>;
export function defineCustomResource<V extends Record<string, AnyVersionOptions>>(
  options: MultiVersionCustomResourceOptions<V>,
): CustomResourceVersions<V>;
export function defineCustomResource(
  options:
    | CustomResourceOptions<z.ZodType, z.ZodType | undefined>
    | MultiVersionCustomResourceOptions<Record<string, AnyVersionOptions>>,
): unknown {
  if ('versions' in options) return defineVersions(options);
  // The names go to the kind, the rest to its one version; each ignores the other's fields.
  const { version, ...rest } = options;
  const family = defineVersions({ ...rest, versions: { [version]: { ...rest, storage: rest.storage ?? true } } });
  return family.versions[version];
}

function defineVersions(options: MultiVersionCustomResourceOptions<Record<string, AnyVersionOptions>>) {
  const names = resolveCustomResourceNamesOptions(options);
  const entries = Object.entries(options.versions);
  if (entries.length === 0) throw invalid(`${options.kind}: at least one version is required`);
  const storageNames = entries.filter(([, v]) => v.storage ?? entries.length === 1).map(([n]) => n);
  if (storageNames.length !== 1) {
    throw invalid(
      `${options.kind}: exactly one version must have storage: true (found ${storageNames.length ? storageNames.join(', ') : 'none'})`,
    );
  }
  const storageVersion = storageNames[0] as string;
  const crd: CustomResourceDefinition = {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: `${names.plural}.${names.group}`, ...options.metadata },
    spec: {
      group: names.group,
      scope: names.scope,
      names: {
        kind: names.kind,
        plural: names.plural,
        singular: names.singular,
        listKind: names.listKind,
        ...(names.shortNames.length ? { shortNames: [...names.shortNames] } : {}),
        ...(names.categories.length ? { categories: [...names.categories] } : {}),
      },
      versions: entries.map(([name, v]) => crdVersion(name, v, name === storageVersion, names.kind)),
      ...(options.conversion ? { conversion: options.conversion } : {}),
    },
  };
  const versions: Record<string, CustomResourceDescriptor<unknown, unknown>> = {};
  for (const [name, v] of entries) versions[name] = descriptor(names, name, v, name === storageVersion, crd);
  return { group: names.group, kind: names.kind, plural: names.plural, storageVersion, versions, crd };
}

/** {@link CustomResourceNamesOptions} with every default filled in. */
export interface ResolvedCustomResourceNames {
  group: string;
  kind: string;
  plural: string;
  singular: string;
  listKind: string;
  scope: 'Namespaced' | 'Cluster';
  shortNames: readonly string[];
  categories: readonly string[];
}

const KIND = /^[A-Z][A-Za-z0-9]*$/;
const SCOPES: ReadonlyArray<string> = ['Namespaced', 'Cluster'];

/** Fills in the defaults of {@link CustomResourceNamesOptions} and checks the names as the API server does. */
export function resolveCustomResourceNamesOptions(options: CustomResourceNamesOptions): ResolvedCustomResourceNames {
  const { group, kind } = options;
  const groupErrors = typeof group === 'string' ? dns1123SubdomainErrors(group) : ['must be a string'];
  if (groupErrors.length === 0 && !group.includes('.')) groupErrors.push('should be a domain with at least one dot');
  if (groupErrors.length > 0) throw invalid(`group ${JSON.stringify(group)}: ${groupErrors.join('; ')}`);
  if (typeof kind !== 'string' || !KIND.test(kind) || dns1035LabelErrors(kind.toLowerCase()).length > 0) {
    throw invalid(`kind ${JSON.stringify(kind)} must be UpperCamelCase letters and digits, at most 63, e.g. Widget`);
  }
  const singular = options.singular ?? kind.toLowerCase();
  const plural = options.plural ?? pluralize(kind);
  const listKind = options.listKind ?? `${kind}List`;
  const scope = options.scope ?? 'Namespaced';
  if (!SCOPES.includes(scope)) throw invalid(`${kind}: scope ${JSON.stringify(scope)} must be Namespaced or Cluster`);
  if (typeof listKind !== 'string' || dns1035LabelErrors(listKind.toLowerCase()).length > 0 || listKind === kind) {
    throw invalid(`${kind}: listKind ${JSON.stringify(listKind)} must be letters and digits, and not the kind`);
  }
  for (const [what, value] of [
    ['plural', plural],
    ['singular', singular],
    ...(options.shortNames ?? []).map((s) => ['short name', s] as const),
    ...(options.categories ?? []).map((s) => ['category', s] as const),
  ] as const) {
    const errors = typeof value === 'string' ? dns1035LabelErrors(value) : ['must be a string'];
    if (errors.length > 0) throw invalid(`${kind}: ${what} ${JSON.stringify(value)}: ${errors.join('; ')}`);
  }
  const crdName = dns1123SubdomainErrors(`${plural}.${group}`);
  if (crdName.length > 0) throw invalid(`${kind}: the CRD name "${plural}.${group}": ${crdName.join('; ')}`);
  return {
    group,
    kind,
    plural,
    singular,
    listKind,
    scope,
    shortNames: options.shortNames ?? [],
    categories: options.categories ?? [],
  };
}

function crdVersion(
  name: string,
  v: AnyVersionOptions,
  storage: boolean,
  kind: string,
): CustomResourceDefinitionVersion {
  if (typeof name !== 'string' || dns1035LabelErrors(name).length > 0) {
    throw invalid(`${kind}: version ${JSON.stringify(name)} must be a lower-case DNS-1035 label, e.g. v1alpha1`);
  }
  const specRequired = !v.spec.safeParse(undefined).success;
  const properties: Record<string, JSONSchemaProps> = {
    apiVersion: { type: 'string' },
    kind: { type: 'string' },
    metadata: { type: 'object' },
    spec: toStructuralSchema(v.spec, 'spec'),
  };
  if (v.status) properties.status = toStructuralSchema(v.status, 'status');
  const root: JSONSchemaProps = {
    type: 'object',
    ...(v.description ? { description: v.description } : {}),
    properties,
    ...(specRequired ? { required: ['spec'] } : {}),
  };
  if (v.validations?.length) {
    root['x-kubernetes-validations'] = v.validations.map((r) => (typeof r === 'string' ? { rule: r } : { ...r }));
  }
  const statusSubresource = v.subresources?.status ?? v.status !== undefined;
  const subresources: CustomResourceDefinitionVersion['subresources'] = {
    ...(statusSubresource ? { status: {} } : {}),
    ...(v.subresources?.scale ? { scale: { ...v.subresources.scale } } : {}),
  };
  return {
    name,
    served: v.served ?? true,
    storage,
    ...(v.deprecated ? { deprecated: true } : {}),
    ...(v.deprecationWarning ? { deprecationWarning: v.deprecationWarning } : {}),
    schema: { openAPIV3Schema: root },
    ...(Object.keys(subresources).length ? { subresources } : {}),
    ...(v.printerColumns?.length ? { additionalPrinterColumns: v.printerColumns.map((c) => ({ ...c })) } : {}),
    ...(v.selectableFields?.length ? { selectableFields: v.selectableFields.map((jsonPath) => ({ jsonPath })) } : {}),
  };
}

function descriptor(
  names: ResolvedCustomResourceNames,
  version: string,
  v: AnyVersionOptions,
  storage: boolean,
  crd: CustomResourceDefinition,
): CustomResourceDescriptor<unknown, unknown> {
  const apiVersion = `${names.group}/${version}` as const;
  const schema = z.object({
    apiVersion: z.literal(apiVersion).default(apiVersion),
    kind: z.literal(names.kind).default(names.kind),
    metadata: objectMetaSchema.default({}),
    spec: v.spec,
    ...(v.status ? { status: (v.status as z.ZodType).optional() } : {}),
  }) as unknown as z.ZodType<CustomResource<unknown, unknown>>;
  const what = `${names.kind} ${apiVersion}`;
  return {
    apiVersion,
    kind: names.kind,
    group: names.group,
    version,
    plural: names.plural,
    singular: names.singular,
    listKind: names.listKind,
    shortNames: names.shortNames,
    categories: names.categories,
    namespaced: names.scope === 'Namespaced',
    scope: names.scope,
    storage,
    schema,
    specSchema: v.spec,
    statusSchema: v.status,
    crd,
    $type: undefined as unknown as CustomResource<unknown, unknown>,
    decode: (obj) => parseWith(schema, obj, what),
    encode: (obj) => obj as unknown as UnstructuredObject,
  };
}

function invalid(message: string): CrdError {
  return new CrdError('InvalidDefinition', message);
}
