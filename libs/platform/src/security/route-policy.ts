import { type ExecutionContext } from '@nestjs/common';
import { type Reflector } from '@nestjs/core';
import { type BaseConfig } from '../config/base-config.schema';
import {
  AUDIT_READ,
  AUDIT_RESOURCE_PARAM,
  PUBLIC_ROUTE,
  type PublicRoute,
  RATE_LIMIT_CLASS,
  type RateLimitClassName,
  REQUIRED_PERMISSION,
  REQUIRED_ROLES,
} from './security.decorators';
import { type Role } from './roles';

/** What a route declares about its security, read from handler then controller metadata. */
export interface RoutePolicy {
  public: boolean;
  permission?: string;
  roles?: readonly Role[];
  auditRead: boolean;
  resourceParam?: string;
  rateLimitClass: RateLimitClassName;
}

export function readRoutePolicy(
  reflector: Reflector,
  context: ExecutionContext,
  config: Pick<BaseConfig, 'METRICS_PUBLIC' | 'DOCS_PUBLIC'>,
): RoutePolicy {
  const targets = [context.getHandler(), context.getClass()];
  const publicRoute = reflector.getAllAndOverride<PublicRoute | undefined>(PUBLIC_ROUTE, targets);
  return {
    public: publicRoute !== undefined && ('always' in publicRoute || config[publicRoute.when] === true),
    permission: reflector.getAllAndOverride<string | undefined>(REQUIRED_PERMISSION, targets),
    roles: reflector.getAllAndOverride<Role[] | undefined>(REQUIRED_ROLES, targets),
    auditRead: reflector.getAllAndOverride<boolean | undefined>(AUDIT_READ, targets) === true,
    resourceParam: reflector.getAllAndOverride<string | undefined>(AUDIT_RESOURCE_PARAM, targets),
    rateLimitClass:
      reflector.getAllAndOverride<RateLimitClassName | undefined>(RATE_LIMIT_CLASS, targets) ?? 'default',
  };
}

const policies = new WeakMap<object, RoutePolicy>();

/** Remembered per request so the audit trail, which runs when the response finishes, knows the route. */
export function rememberRoutePolicy(request: object, policy: RoutePolicy): void {
  policies.set(request, policy);
}

export function routePolicyOf(request: object): RoutePolicy | undefined {
  return policies.get(request);
}
