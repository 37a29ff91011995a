import { currentContext } from '@verticals/context';
import { SecurityErrorCode, SecurityException } from './security.exception';

/**
 * The tenant of the work in progress: set by authentication for HTTP calls and by messaging (from
 * the envelope) for consumed events. Throws when none is bound: tenant data is never read unscoped.
 */
export function requireTenantId(): string {
  const tenantId = currentContext()?.tenantId;
  if (!tenantId) throw new SecurityException(SecurityErrorCode.TenantRequired);
  return tenantId;
}
