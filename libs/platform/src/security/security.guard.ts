import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { ServiceConfig } from '../config/service-config';
import { Authenticator } from './authenticator';
import { PermissionPolicy } from './permission-policy';
import { attachPrincipal } from './principal';
import { SecurityErrorCode, SecurityException } from './security.exception';
import { RateLimitGuard } from './rate-limit.guard';
import { readRoutePolicy, rememberRoutePolicy } from './route-policy';

/**
 * The one global guard, in a fixed order: authenticate (401), rate-limit per caller (429),
 * authorise by role and permission (403). Routes not marked public always need credentials; routes
 * that declare no permission are open to roles granted everything (admin) only.
 */
@Injectable()
export class SecurityGuard implements CanActivate {
  constructor(
    @Inject(Reflector) private readonly reflector: Reflector,
    @Inject(ServiceConfig) private readonly config: ServiceConfig,
    @Inject(Authenticator) private readonly authenticator: Authenticator,
    @Inject(PermissionPolicy) private readonly policy: PermissionPolicy,
    @Inject(RateLimitGuard) private readonly rateLimit: RateLimitGuard,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const request = context.switchToHttp().getRequest<Request>();
    const route = readRoutePolicy(this.reflector, context, this.config.all());
    rememberRoutePolicy(request, route);
    if (route.public) return this.rateLimit.canActivate(context);

    const principal = await this.authenticator.authenticate(request.headers);
    if (!principal) throw new SecurityException(SecurityErrorCode.AuthenticationRequired);
    attachPrincipal(request, principal);

    await this.rateLimit.canActivate(context);

    const roleAllowed = !route.roles || route.roles.some((role) => principal.roles.includes(role));
    const permissionAllowed = route.permission
      ? this.policy.allows(principal.roles, route.permission)
      : route.roles !== undefined || this.policy.allowsUndeclared(principal.roles);
    if (!roleAllowed || !permissionAllowed) throw new SecurityException(SecurityErrorCode.PermissionDenied);
    return true;
  }
}
