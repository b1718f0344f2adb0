/**
 * `@kubekit/core/internal`: machinery kubekit's own packages share — the codec plumbing the
 * clients and the informer cache apply descriptors with, the field lookup of field selectors, the
 * path-segment name rule and Go-quoted field errors, and `hasReason`, the check behind every
 * `isXxx` error guard; `jsonToYaml`, the fast YAML writer of recordings. For kubekit's packages only: it is not public API, carries no semver promise and may change in any release. Users import
 * `@kubekit/core`.
 *
 * @packageDocumentation
 */

export { hasReason } from './errors.js';
export { decodeEvent, hasDecode, isKindDescriptor, wireKind, writeKindOf } from './kinds/descriptor.js';
export { goQuote, invalidValue, pathSegmentNameErrors } from './names.js';
export { setListItemKinds } from './object.js';
export { fieldValueOf } from './selectors/fieldSelector.js';
export { jsonToYaml } from './yamlText.js';
