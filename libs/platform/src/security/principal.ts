import { currentContext } from '@verticals/context';
import { type Role } from './roles';

/** Who is calling: resolved from an API key or a verified JWT, always bound to one tenant. */
export interface Principal {
  type: 'api-key' | 'jwt';
  /** API key id, or the token's subject. */
  id: string;
  tenantId: string;
  roles: readonly Role[];
}

const principals = new WeakMap<object, Principal>();

export function attachPrincipal(request: object, principal: Principal): void {
  principals.set(request, principal);
  const context = currentContext();
  // The request context is one object for the whole request: logs, repositories and produced
  // events read the tenant from it from here on.
  if (context) {
    context.tenantId = principal.tenantId;
    context.principal = `${principal.type}:${principal.id}`;
  }
}

export function principalOf(request: object): Principal | undefined {
  return principals.get(request);
}
