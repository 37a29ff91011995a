import { SetMetadata, type Type } from '@nestjs/common';
import { type Role } from './roles';

export const PUBLIC_ROUTE = 'verticals:security:public';
export const REQUIRED_PERMISSION = 'verticals:security:permission';
export const REQUIRED_ROLES = 'verticals:security:roles';
export const AUDIT_READ = 'verticals:security:audit-read';
export const AUDIT_RESOURCE_PARAM = 'verticals:security:audit-resource-param';
export const RATE_LIMIT_CLASS = 'verticals:security:rate-limit-class';

/** A config flag that, when true, makes a platform route public (e.g. METRICS_PUBLIC). */
export type PublicFlag = 'METRICS_PUBLIC' | 'DOCS_PUBLIC';
export type PublicRoute = { always: true } | { when: PublicFlag };

export type RateLimitClassName = 'default' | 'expensive';

/** No credentials needed (health probes). Everything else requires authentication. */
export const Public = () => SetMetadata(PUBLIC_ROUTE, { always: true } satisfies PublicRoute);

/** Public only while the given config flag is true; otherwise the route's permission applies. */
export const PublicWhen = (flag: PublicFlag) =>
  SetMetadata(PUBLIC_ROUTE, { when: flag } satisfies PublicRoute);

/** The `resource:action` permission a caller's roles must grant (see the service's role map). */
export const RequirePermission = (permission: string) => SetMetadata(REQUIRED_PERMISSION, permission);

/** Restricts a route to callers holding one of these roles (in addition to any permission). */
export const Roles = (...roles: Role[]) => SetMetadata(REQUIRED_ROLES, roles);

/**
 * Records reads of this route in the audit trail (state-changing calls are always recorded).
 * `resourceParam` names the route parameter holding the resource id (default `id`).
 */
export const AuditRead =
  (options: { resourceParam?: string } = {}) =>
  (target: object, key?: string | symbol, descriptor?: PropertyDescriptor) => {
    SetMetadata(AUDIT_READ, true)(target, key as string, descriptor as PropertyDescriptor);
    if (options.resourceParam)
      SetMetadata(AUDIT_RESOURCE_PARAM, options.resourceParam)(
        target,
        key as string,
        descriptor as PropertyDescriptor,
      );
  };

/** Names the route parameter that identifies the resource in audit rows (default `id`). */
export const AuditResource = (resourceParam: string) => SetMetadata(AUDIT_RESOURCE_PARAM, resourceParam);

/** Puts a route in a stricter rate-limit class (RATE_LIMIT_EXPENSIVE_PER_MINUTE). */
export const RateLimitClass = (name: RateLimitClassName) => SetMetadata(RATE_LIMIT_CLASS, name);

/**
 * Declares the permission of a controller this code does not own (the V2 inference controllers),
 * for the whole class or for named handlers: `requirePermissionOn(V2RepositoryController, 'models:admin')`.
 */
export function requirePermissionOn(
  controller: Type,
  permission: string,
  handlers?: readonly string[],
): void {
  if (!handlers) {
    Reflect.defineMetadata(REQUIRED_PERMISSION, permission, controller);
    return;
  }
  for (const name of handlers) {
    const handler: unknown = (controller.prototype as Record<string, unknown>)[name];
    if (typeof handler !== 'function') throw new Error(`${controller.name} has no handler named ${name}`);
    Reflect.defineMetadata(REQUIRED_PERMISSION, permission, handler);
  }
}

/** Same as `requirePermissionOn` for the rate-limit class (e.g. inference routes are `expensive`). */
export function rateLimitClassOn(controller: Type, name: RateLimitClassName): void {
  Reflect.defineMetadata(RATE_LIMIT_CLASS, name, controller);
}

/** Marks a controller this code does not own as public (platform health probes). */
export function publicOn(controller: Type, route: PublicRoute = { always: true }): void {
  Reflect.defineMetadata(PUBLIC_ROUTE, route, controller);
}
