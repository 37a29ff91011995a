import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { principalOf } from '@verticals/platform';

/** The authenticated caller as an agent id (`api-key:<id>` or `jwt:<sub>`): who claimed, who wrote. */
export const ActingAgent = createParamDecorator((_data: unknown, context: ExecutionContext): string => {
  const principal = principalOf(context.switchToHttp().getRequest<object>());
  return principal ? `${principal.type}:${principal.id}` : 'unknown';
});
