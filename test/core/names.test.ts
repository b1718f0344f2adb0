import { describe, expect, it } from '@jest/globals';
import { dns1123LabelErrors, dns1123SubdomainErrors, labelKeyErrors, labelValueErrors } from '@kubekit/core';
import { pathSegmentNameErrors } from '@kubekit/core/internal';

const SUBDOMAIN =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";

describe('name rules, worded as kube-apiserver', () => {
  it('object names: a DNS-1123 subdomain of at most 253 characters', () => {
    expect(dns1123SubdomainErrors('web-0.example')).toEqual([]);
    expect(dns1123SubdomainErrors('Web')).toEqual([SUBDOMAIN]);
    expect(dns1123SubdomainErrors('x'.repeat(254))).toEqual(['must be no more than 253 characters']);
  });

  it('Namespace names: a DNS-1123 label, whose dots get their own message', () => {
    expect(dns1123LabelErrors('kube-system')).toEqual([]);
    expect(dns1123LabelErrors('a.b')).toEqual(['must not contain dots']);
    expect(dns1123LabelErrors('x'.repeat(64))).toEqual(['must be no more than 63 characters']);
  });

  it('label keys: the prefix a subdomain, the name at most 63 bytes, counted in UTF-8', () => {
    expect(labelKeyErrors('app.kubernetes.io/name')).toEqual([]);
    expect(labelKeyErrors('/x')).toEqual(['prefix part must be non-empty']);
    expect(labelKeyErrors(`${'x'.repeat(254)}/a`)).toEqual(['prefix part must be no more than 253 bytes']);
    expect(labelKeyErrors('Example.com/a')).toEqual([`prefix part ${SUBDOMAIN}`]);
    expect(labelKeyErrors('k'.repeat(64))).toEqual(['name part must be no more than 63 bytes']);
  });

  it('label values: empty, or at most 63 bytes (a two-byte character counts twice)', () => {
    expect(labelValueErrors('')).toEqual([]);
    expect(labelValueErrors('a'.repeat(63))).toEqual([]);
    expect(labelValueErrors(`${'a'.repeat(31)}é${'a'.repeat(31)}`)[0]).toBe('must be no more than 63 bytes');
  });

  it('path-segment names (RBAC): every forbidden character is named', () => {
    expect(pathSegmentNameErrors('system:controller')).toEqual([]);
    expect(pathSegmentNameErrors('..')).toEqual(["may not be '..'"]);
    expect(pathSegmentNameErrors('a/b%c')).toEqual(["may not contain '/'", "may not contain '%'"]);
  });
});
