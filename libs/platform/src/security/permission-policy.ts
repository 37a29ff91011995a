import { PLATFORM_ROLE_PERMISSIONS, ROLES, type Role, type RolePermissions } from './roles';

function grantCovers(grant: string, permission: string): boolean {
  if (grant === '*' || grant === permission) return true;
  const [grantResource, grantAction] = grant.split(':');
  const [resource, action] = permission.split(':');
  return (
    (grantResource === '*' || grantResource === resource) && (grantAction === '*' || grantAction === action)
  );
}

/** The role -> permission map of one service: the platform's grants plus the service's own. */
export class PermissionPolicy {
  private readonly grants: ReadonlyMap<Role, readonly string[]>;

  constructor(servicePermissions: RolePermissions = {}) {
    this.grants = new Map(
      ROLES.map((role) => [
        role,
        [...(PLATFORM_ROLE_PERMISSIONS[role] ?? []), ...(servicePermissions[role] ?? [])],
      ]),
    );
  }

  allows(roles: readonly Role[], permission: string): boolean {
    return roles.some((role) =>
      (this.grants.get(role) ?? []).some((grant) => grantCovers(grant, permission)),
    );
  }

  /** Routes that declare nothing stay reachable only by roles granted everything. */
  allowsUndeclared(roles: readonly Role[]): boolean {
    return roles.some((role) => (this.grants.get(role) ?? []).includes('*'));
  }
}
