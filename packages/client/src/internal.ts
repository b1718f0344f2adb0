/**
 * `@kubekit/client/internal`: machinery kubekit's own packages share with the client — the
 * argument checks, namespace rule and patch encoding `FakeClient` of `@kubekit/testing` applies so
 * it refuses and sends exactly what `Client` does. For kubekit's packages only: it is not public
 * API, carries no semver promise and may change in any release. Users import `@kubekit/client`.
 *
 * @packageDocumentation
 */
export { loadDefaultKubeConfig } from './kubeConfig.js';
export type { KubeConfigEnvironment } from './kubeconfig/kubeConfigSources.js';
export { encodePatch, patchBody } from './patch.js';
export { openTelemetryTracer } from './tracing.js';
export { withoutManagedFields } from './transport/managedFields.js';
export type { NamespaceRequest } from './validation.js';
export {
  patchBodyField,
  resolveNamespace,
  serializeJson,
  validateApplyName,
  validateCreateName,
  validateDeleteOptions,
  validateKindRef,
  validateName,
  validateNamespace,
  validateObject,
  validateObjectName,
  validatePatch,
  validatePathSegment,
  validatePositive,
  validateUpdateVersion,
} from './validation.js';
