import { describe, expect, it } from '@jest/globals';
import { microTime } from '@kubekit/core';

describe('microTime', () => {
  it('writes RFC 3339 in UTC with six fraction digits, as the API server does', () => {
    expect(microTime(Date.UTC(2026, 11, 1, 17, 9, 3, 123))).toBe('2026-12-01T17:09:03.123000Z');
    expect(microTime(0)).toBe('1970-01-01T00:00:00.000000Z');
  });
});
