/**
 * The wire form of `apiextensions.k8s.io/v1` types: plain JSON as in YAML manifests, so
 * `x-kubernetes-*` keys are spelled as the API server spells them.
 */

import type { WebhookClientConfig } from './webhookClientConfig.js';

/** A CEL validation rule (`x-kubernetes-validations` entry). */
export interface ValidationRule {
  /** The CEL expression; `self` is the value, `oldSelf` the previous value (a transition rule). */
  rule: string;
  /** Message returned when the rule is false. @default the server's "failed rule: <rule>" */
  message?: string;
  /** A CEL expression that yields the message; wins over `message`. @default undefined */
  messageExpression?: string;
  /** The reason the server reports. @default 'FieldValueInvalid' */
  reason?: 'FieldValueInvalid' | 'FieldValueForbidden' | 'FieldValueRequired' | 'FieldValueDuplicate';
  /** Field the failure is reported at, relative to `self`, e.g. `.spec.replicas`. @default undefined */
  fieldPath?: string;
  /** Run a transition rule on create too, with `oldSelf` an optional. @default false */
  optionalOldSelf?: boolean;
}

/** A structural OpenAPI v3 schema as Kubernetes accepts it (`JSONSchemaProps`). */
export interface JSONSchemaProps {
  /**
   * The JSON type of the value; omitted only with `x-kubernetes-int-or-string` or
   * `x-kubernetes-preserve-unknown-fields`.
   */
  type?: 'object' | 'array' | 'string' | 'integer' | 'number' | 'boolean';
  /** What the field means: `kubectl explain` shows it. */
  description?: string;
  /** A short title for the value. */
  title?: string;
  /** A string format the server checks (`date-time`, `int32`, `byte`, `uri`, ...). */
  format?: string;
  /** The value the server fills in when the field is missing (structural schemas only). */
  default?: unknown;
  /** Whether `null` is accepted (and kept) as a value. */
  nullable?: boolean;
  /** The values allowed, and no others. */
  enum?: unknown[];
  /** The smallest number allowed. */
  minimum?: number;
  /** The largest number allowed. */
  maximum?: number;
  /** Whether `minimum` itself is excluded. */
  exclusiveMinimum?: boolean;
  /** Whether `maximum` itself is excluded. */
  exclusiveMaximum?: boolean;
  /** Numbers must be a multiple of this. */
  multipleOf?: number;
  /** The shortest string allowed, in characters. */
  minLength?: number;
  /** The longest string allowed, in characters. */
  maxLength?: number;
  /** A regular expression (ECMA 262) strings must match. */
  pattern?: string;
  /** The fewest array items allowed. */
  minItems?: number;
  /** The most array items allowed. */
  maxItems?: number;
  /** The fewest object properties allowed. */
  minProperties?: number;
  /** The most object properties allowed. */
  maxProperties?: number;
  /** The properties an object must have. */
  required?: string[];
  /** The schema of each known property of an object. */
  properties?: Record<string, JSONSchemaProps>;
  /** The schema of the values of an object used as a map (its keys are free). */
  additionalProperties?: JSONSchemaProps;
  /** The schema of each array item. */
  items?: JSONSchemaProps;
  /** The value must match at least one of these (no types or defaults in structural schemas). */
  anyOf?: JSONSchemaProps[];
  /** The value must match all of these. */
  allOf?: JSONSchemaProps[];
  /** The value must match exactly one of these. */
  oneOf?: JSONSchemaProps[];
  /** The value must not match this. */
  not?: JSONSchemaProps;
  /** An example value, for documentation. */
  example?: unknown;
  /** A link to more documentation. */
  externalDocs?: {
    /** What the link is about. */
    description?: string;
    /** The link. */
    url?: string;
  };
  /** The value may be an integer or a string (e.g. `80` or `'http'`, `'50%'`). */
  'x-kubernetes-int-or-string'?: boolean;
  /** The server keeps fields the schema does not declare instead of pruning them. */
  'x-kubernetes-preserve-unknown-fields'?: boolean;
  /** The value is a whole Kubernetes object (`apiVersion`, `kind`, `metadata` are checked). */
  'x-kubernetes-embedded-resource'?: boolean;
  /**
   * How server-side apply merges the list: as one value (`atomic`), a set of scalars, or a map keyed by
   * `x-kubernetes-list-map-keys`.
   */
  'x-kubernetes-list-type'?: 'atomic' | 'set' | 'map';
  /** The fields that identify an item of a `map` list. */
  'x-kubernetes-list-map-keys'?: string[];
  /** How server-side apply merges the object: as one value (`atomic`) or field by field. */
  'x-kubernetes-map-type'?: 'atomic' | 'granular';
  /** CEL rules the value must satisfy. */
  'x-kubernetes-validations'?: ValidationRule[];
}

/** A column `kubectl get` shows (`additionalPrinterColumns` entry). */
export interface PrinterColumn {
  /** The column's header. */
  name: string;
  /** The type of the value, which decides how it is printed. */
  type: 'string' | 'integer' | 'number' | 'boolean' | 'date';
  /** Where the value is in the object, e.g. `.spec.replicas`. */
  jsonPath: string;
  /** A description of the column. */
  description?: string;
  /** A format of the value (`int32`, `date-time`, `name`, ...). */
  format?: string;
  /** 0 for columns `kubectl get` always shows; higher ones only with `-o wide`. */
  priority?: number;
}

/** One version of a CRD (a type alias, so it fits APIs that take `{ [key: string]: unknown }`). */
export type CustomResourceDefinitionVersion = {
  /** The version's name, e.g. `v1` or `v1beta1`. */
  name: string;
  /** Whether the API server serves this version. */
  served: boolean;
  /** Whether objects are stored in this version; exactly one version is. */
  storage: boolean;
  /** Whether the version is deprecated: the server warns on each request to it. */
  deprecated?: boolean;
  /** The warning sent instead of the default one when `deprecated`. */
  deprecationWarning?: string;
  /** The version's schema; kube-apiserver refuses a v1 CRD version without one. */
  schema?: {
    /** The structural schema every object of the version must fit. */
    openAPIV3Schema: JSONSchemaProps;
  };
  /** The `status` and `scale` subresources the version has. */
  subresources?: {
    /** Present (as `{}`): writes to `status` go through `/status`, the main resource ignores them. */
    status?: Record<string, never>;
    /** Present: the kind has a `/scale` subresource, for `kubectl scale` and autoscalers. */
    scale?: {
      /** Where the desired replica count is, e.g. `.spec.replicas`. */
      specReplicasPath: string;
      /** Where the observed replica count is, e.g. `.status.replicas`. */
      statusReplicasPath: string;
      /** Where the label selector of the replicas is (as a string), for autoscalers. */
      labelSelectorPath?: string;
    };
  };
  /** Columns `kubectl get` shows for the version. */
  additionalPrinterColumns?: PrinterColumn[];
  /** Fields that field selectors may name, besides `metadata.name` and `metadata.namespace`. */
  selectableFields?: Array<{
    /** The field, e.g. `.spec.color`: a string, integer or boolean. */
    jsonPath: string;
  }>;
};

/** How the API server converts between versions (`spec.conversion`). */
export type CustomResourceConversion =
  /** Versions differ in name only: the server rewrites `apiVersion` (the default). */
  | {
      /** Versions differ in name only: the server rewrites `apiVersion` (the default). */
      strategy: 'None';
    }
  | {
      /** The server calls a webhook to convert between versions. */
      strategy: 'Webhook';
      /** How to call the conversion webhook. */
      webhook: {
        /** The `ConversionReview` versions the webhook understands, in order of preference: `['v1']`. */
        conversionReviewVersions: string[];
        /** Where the webhook is (a Service or a URL) and the CA that signs its certificate. */
        clientConfig: WebhookClientConfig;
      };
    };

/**
 * A CustomResourceDefinition (`apiextensions.k8s.io/v1`): what `@kubekit/crd` generates and
 * imports, and what `@kubekit/testing` installs.
 */
export interface CustomResourceDefinition {
  /** Always `apiextensions.k8s.io/v1`. */
  apiVersion: 'apiextensions.k8s.io/v1';
  /** Always `CustomResourceDefinition`. */
  kind: 'CustomResourceDefinition';
  /** The CRD's metadata; its name is `<plural>.<group>`. */
  metadata: {
    /** `<plural>.<group>`, e.g. `widgets.example.com`. */
    name: string;
    /** Labels of the CRD. */
    labels?: Record<string, string>;
    /** Annotations of the CRD, e.g. cert-manager's `inject-ca-from`. */
    annotations?: Record<string, string>;
    /** Set by the server. */
    resourceVersion?: string;
    /** Set by the server. */
    uid?: string;
    /** Whatever else the server sets (creationTimestamp, generation, managedFields...). */
    [key: string]: unknown;
  };
  /** What the custom resource is: group, names, scope, versions, conversion. */
  spec: {
    /** The API group, e.g. `example.com`. */
    group: string;
    /** Whether objects live in a namespace or the cluster. */
    scope: 'Namespaced' | 'Cluster';
    /**
     * The names of the kind: `kind`, `plural` (in URLs), `singular`, `listKind`, short names and categories for
     * kubectl.
     */
    names: {
      /** The kind, in CamelCase, e.g. `Widget`. */
      kind: string;
      /** The resource name in URLs, in lower case, e.g. `widgets`. */
      plural: string;
      /** The lower-case singular name, e.g. `widget`. @default the kind in lower case */
      singular?: string;
      /** The kind of its lists. @default `<kind>List` */
      listKind?: string;
      /** Short names kubectl accepts, e.g. `wd`. */
      shortNames?: string[];
      /** Groups of resources kubectl can name at once, e.g. `all`. */
      categories?: string[];
    };
    /** Every version, each with its schema; one of them is the storage version. */
    versions: CustomResourceDefinitionVersion[];
    /** How the server converts between versions. @default `{ strategy: 'None' }` */
    conversion?: CustomResourceConversion;
    /** Keep unknown fields at the root: only `false` is allowed in `apiextensions.k8s.io/v1`. */
    preserveUnknownFields?: boolean;
  };
  /** As a server returns it: conditions (`Established`, `NamesAccepted`), acceptedNames, storedVersions. */
  status?: {
    /** The CRD's conditions; `Established` `True` means the kind is served. */
    conditions?: Array<{
      /** `Established`, `NamesAccepted`, `Terminating`, ... */
      type: string;
      /** `True`, `False` or `Unknown`. */
      status: string;
      /** Why, in one CamelCase word. */
      reason?: string;
      /** Why, for humans. */
      message?: string;
      [key: string]: unknown;
    }>;
    [key: string]: unknown;
  };
}
