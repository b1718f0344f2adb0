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
  type?: 'object' | 'array' | 'string' | 'integer' | 'number' | 'boolean';
  description?: string;
  title?: string;
  format?: string;
  default?: unknown;
  nullable?: boolean;
  enum?: unknown[];
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: boolean;
  exclusiveMaximum?: boolean;
  multipleOf?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  minItems?: number;
  maxItems?: number;
  minProperties?: number;
  maxProperties?: number;
  required?: string[];
  properties?: Record<string, JSONSchemaProps>;
  additionalProperties?: JSONSchemaProps;
  items?: JSONSchemaProps;
  anyOf?: JSONSchemaProps[];
  allOf?: JSONSchemaProps[];
  oneOf?: JSONSchemaProps[];
  not?: JSONSchemaProps;
  example?: unknown;
  externalDocs?: { description?: string; url?: string };
  'x-kubernetes-int-or-string'?: boolean;
  'x-kubernetes-preserve-unknown-fields'?: boolean;
  'x-kubernetes-embedded-resource'?: boolean;
  'x-kubernetes-list-type'?: 'atomic' | 'set' | 'map';
  'x-kubernetes-list-map-keys'?: string[];
  'x-kubernetes-map-type'?: 'atomic' | 'granular';
  'x-kubernetes-validations'?: ValidationRule[];
}

/** A column `kubectl get` shows (`additionalPrinterColumns` entry). */
export interface PrinterColumn {
  name: string;
  type: 'string' | 'integer' | 'number' | 'boolean' | 'date';
  jsonPath: string;
  description?: string;
  format?: string;
  priority?: number;
}

/** One version of a CRD (a type alias, so it fits APIs that take `{ [key: string]: unknown }`). */
export type CustomResourceDefinitionVersion = {
  name: string;
  served: boolean;
  storage: boolean;
  deprecated?: boolean;
  deprecationWarning?: string;
  /** The version's schema; kube-apiserver refuses a v1 CRD version without one. */
  schema?: { openAPIV3Schema: JSONSchemaProps };
  subresources?: {
    status?: Record<string, never>;
    scale?: { specReplicasPath: string; statusReplicasPath: string; labelSelectorPath?: string };
  };
  additionalPrinterColumns?: PrinterColumn[];
  selectableFields?: Array<{ jsonPath: string }>;
};

/** How the API server converts between versions (`spec.conversion`). */
export type CustomResourceConversion =
  | { strategy: 'None' }
  | {
      strategy: 'Webhook';
      webhook: {
        conversionReviewVersions: string[];
        clientConfig: WebhookClientConfig;
      };
    };

/**
 * A CustomResourceDefinition (`apiextensions.k8s.io/v1`): what `@kubekit/crd` generates and
 * imports, and what `@kubekit/testing` installs.
 */
export interface CustomResourceDefinition {
  apiVersion: 'apiextensions.k8s.io/v1';
  kind: 'CustomResourceDefinition';
  metadata: {
    name: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    /** Set by the server. */
    resourceVersion?: string;
    /** Set by the server. */
    uid?: string;
    /** Whatever else the server sets (creationTimestamp, generation, managedFields...). */
    [key: string]: unknown;
  };
  spec: {
    group: string;
    scope: 'Namespaced' | 'Cluster';
    names: {
      kind: string;
      plural: string;
      singular?: string;
      listKind?: string;
      shortNames?: string[];
      categories?: string[];
    };
    versions: CustomResourceDefinitionVersion[];
    conversion?: CustomResourceConversion;
    preserveUnknownFields?: boolean;
  };
  /** As a server returns it: conditions (`Established`, `NamesAccepted`), acceptedNames, storedVersions. */
  status?: {
    conditions?: Array<{ type: string; status: string; reason?: string; message?: string; [key: string]: unknown }>;
    [key: string]: unknown;
  };
}
