import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';
import helmet from 'helmet';
import { currentContext } from '@verticals/context';
import { type BaseConfig } from '../config/base-config.schema';
import { sendProblem, toProblem } from '../http/problem.filter';
import { AuditTrail } from './audit-trail.service';
import { Authenticator } from './authenticator';
import { PermissionPolicy } from './permission-policy';
import { attachPrincipal } from './principal';
import { PlatformPermission } from './roles';
import { SecurityErrorCode, SecurityException } from './security.exception';

/** Records each finished request in the audit trail (the trail decides which ones it keeps). */
function auditMiddleware(audit: AuditTrail) {
  return (request: Request, response: Response, next: NextFunction): void => {
    const context = currentContext();
    response.once('finish', () => audit.recordRequest(request, response.statusCode, context));
    next();
  };
}

/**
 * /docs and /docs-json are served by Express, outside Nest's guards; when DOCS_PUBLIC is false this
 * puts the same authentication and `docs:read` permission in front of them.
 */
function docsAccessMiddleware(authenticator: Authenticator, policy: PermissionPolicy) {
  return (request: Request, response: Response, next: NextFunction): void => {
    authenticator
      .authenticate(request.headers)
      .then((principal) => {
        if (!principal) throw new SecurityException(SecurityErrorCode.AuthenticationRequired);
        attachPrincipal(request, principal);
        if (!policy.allows(principal.roles, PlatformPermission.DocsRead))
          throw new SecurityException(SecurityErrorCode.PermissionDenied);
        next();
      })
      .catch((error: unknown) => {
        const { problem, headers } = toProblem(error, request.originalUrl);
        sendProblem(response, problem, headers);
      });
  };
}

/** Security headers (helmet), CORS (closed unless CORS_ORIGINS), the audit hook and the docs gate. */
export function applySecurityEdge(app: NestExpressApplication, values: BaseConfig): void {
  app.use(
    helmet({
      // The OpenAPI UI loads its own scripts and inline styles from this origin only.
      contentSecurityPolicy: {
        directives: { 'img-src': ["'self'", 'data:'], 'upgrade-insecure-requests': null },
      },
      crossOriginResourcePolicy: { policy: 'same-origin' },
    }),
  );
  if (values.CORS_ORIGINS.length > 0) {
    app.enableCors({
      origin: values.CORS_ORIGINS,
      methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
      allowedHeaders: ['Authorization', 'Content-Type', 'X-API-Key', 'X-Request-Id', 'X-Correlation-Id'],
      exposedHeaders: ['X-Request-Id', 'X-Correlation-Id', 'Retry-After'],
      maxAge: 600,
    });
  }
  app.use(auditMiddleware(app.get(AuditTrail)));
  if (!values.DOCS_PUBLIC) {
    const gate = docsAccessMiddleware(app.get(Authenticator), app.get(PermissionPolicy));
    app.use(['/docs', '/docs-json'], gate);
  }
}
