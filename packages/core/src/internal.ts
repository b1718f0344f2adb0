/**
 * `@kubekit/core/internal`: machinery kubekit's own packages share — the codec plumbing the
 * clients and the informer cache apply descriptors with, and the field lookup of field selectors. For kubekit's packages only: it is not
 * public API, carries no semver promise and may change in any release. Users import
 * `@kubekit/core`.
 *
 * @packageDocumentation
 */
export { decodeEvent, hasDecode, isKindDescriptor, wireKind, writeKindOf } from './kinds/descriptor.js';
export { setListItemKinds } from './object.js';
export { fieldValueOf } from './selectors/fieldSelector.js';
