/** The roles a caller can hold; API keys and tokens carry one or more. */
export const ROLES = ['admin', 'agent', 'analyst', 'clinician', 'service'] as const;
export type Role = (typeof ROLES)[number];

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/**
 * What each role may do, as `resource:action` permissions. A grant may use `*` for either part
 * (`conversations:*`, `*:read`) or be `*` alone.
 */
export type RolePermissions = Partial<Record<Role, readonly string[]>>;

/** Permissions of the platform's own routes. */
export const PlatformPermission = {
  AuditRead: 'audit:read',
  MetricsRead: 'metrics:read',
  DocsRead: 'docs:read',
  ModelsRead: 'models:read',
  ModelsAdmin: 'models:admin',
} as const;

export const PLATFORM_ROLE_PERMISSIONS: RolePermissions = {
  admin: ['*'],
  service: [PlatformPermission.ModelsRead, PlatformPermission.MetricsRead, PlatformPermission.DocsRead],
  agent: [PlatformPermission.ModelsRead, PlatformPermission.DocsRead],
  analyst: [PlatformPermission.ModelsRead, PlatformPermission.DocsRead],
  clinician: [PlatformPermission.ModelsRead, PlatformPermission.DocsRead],
};
