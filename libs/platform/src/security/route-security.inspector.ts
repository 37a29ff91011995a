import { type INestApplication, RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { PUBLIC_ROUTE, REQUIRED_PERMISSION, REQUIRED_ROLES } from './security.decorators';

/** How one route of a running app is protected. */
export interface RouteSecurity {
  controller: string;
  handler: string;
  method: string;
  path: string;
  public: boolean;
  permission?: string;
  roles?: readonly string[];
}

/**
 * Lists every HTTP route Nest discovered with what it declares. `unguardedRoutes(app)` (routes
 * neither public nor with a permission or roles) should be empty in every service's tests.
 */
export function describeRouteSecurity(app: INestApplication): RouteSecurity[] {
  const discovery = app.get(DiscoveryService, { strict: false });
  const scanner = app.get(MetadataScanner, { strict: false });
  const reflector = app.get(Reflector, { strict: false });
  const routes: RouteSecurity[] = [];
  for (const wrapper of discovery.getControllers()) {
    const instance = wrapper.instance as object | undefined;
    const controller = wrapper.metatype as (new (...args: never[]) => unknown) | undefined;
    if (!instance || !controller) continue;
    const prefix =
      [Reflect.getMetadata(PATH_METADATA, controller) as string | string[] | undefined].flat()[0] ?? '';
    for (const name of scanner.getAllMethodNames(Object.getPrototypeOf(instance) as object)) {
      const handler = (instance as Record<string, unknown>)[name] as (...args: unknown[]) => unknown;
      const path = Reflect.getMetadata(PATH_METADATA, handler) as string | string[] | undefined;
      if (path === undefined) continue;
      const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
      const targets = [handler, controller];
      routes.push({
        controller: controller.name,
        handler: name,
        method: RequestMethod[method ?? RequestMethod.GET] ?? 'GET',
        path: `/${[prefix, [path].flat()[0]].filter((part) => part && part !== '/').join('/')}`.replace(
          /\/+/g,
          '/',
        ),
        public: reflector.getAllAndOverride(PUBLIC_ROUTE, targets) !== undefined,
        permission: reflector.getAllAndOverride<string | undefined>(REQUIRED_PERMISSION, targets),
        roles: reflector.getAllAndOverride<string[] | undefined>(REQUIRED_ROLES, targets),
      });
    }
  }
  return routes;
}

export function unguardedRoutes(app: INestApplication): RouteSecurity[] {
  return describeRouteSecurity(app).filter((route) => !route.public && !route.permission && !route.roles);
}
