import { fileURLToPath } from 'node:url';

/** The shared test CRDs (Widget: namespaced, status+scale, CEL; Gadget: cluster-scoped). */
export const FIXTURE_CRDS = fileURLToPath(new URL('../fixtures/crds.yaml', import.meta.url));

/** How k8s.io/apimachinery parses and matches selectors (written by test/fixtures/selectors/oracle). */
export const SELECTOR_TABLE = fileURLToPath(new URL('../fixtures/selectors/apimachinery.json', import.meta.url));
