import { PermissionPolicy } from './permission-policy';

describe('PermissionPolicy', () => {
  const policy = new PermissionPolicy({
    agent: ['conversations:*'],
    analyst: ['*:read'],
    clinician: ['studies:read'],
  });

  it('grants exact, resource-wildcard and action-wildcard permissions', () => {
    expect(policy.allows(['agent'], 'conversations:write')).toBe(true);
    expect(policy.allows(['analyst'], 'transactions:read')).toBe(true);
    expect(policy.allows(['clinician'], 'studies:read')).toBe(true);
  });

  it('denies what no role of the caller grants', () => {
    expect(policy.allows(['analyst'], 'transactions:write')).toBe(false);
    expect(policy.allows(['clinician'], 'studies:write')).toBe(false);
    expect(policy.allows(['agent'], 'audit:read')).toBe(false);
    expect(policy.allows([], 'models:read')).toBe(false);
  });

  it('keeps the platform grants: admin everything, models read for every role, models admin for admin only', () => {
    expect(policy.allows(['admin'], 'anything:at-all')).toBe(true);
    expect(policy.allows(['clinician'], 'models:read')).toBe(true);
    expect(policy.allows(['service'], 'models:admin')).toBe(false);
    expect(policy.allows(['service'], 'metrics:read')).toBe(true);
  });

  it('opens routes that declare nothing to admin only', () => {
    expect(policy.allowsUndeclared(['admin'])).toBe(true);
    expect(policy.allowsUndeclared(['agent', 'analyst', 'clinician', 'service'])).toBe(false);
  });
});
