import { type z } from 'zod';

/** Thrown at boot when the environment does not satisfy a service's config schema. */
export class ConfigValidationError extends Error {
  constructor(readonly issues: readonly string[]) {
    super(`Invalid configuration: ${issues.join('; ')}`);
    this.name = 'ConfigValidationError';
  }
}

function describeValue(env: Record<string, string | undefined>, key: string): string {
  const value = env[key];
  if (value === undefined) return 'missing';
  if (/SECRET|PASSWORD|KEY|TOKEN/i.test(key)) return 'got a value that is hidden here';
  return `got '${value.length > 60 ? `${value.slice(0, 57)}...` : value}'`;
}

/**
 * Parses `env` with `schema`, naming every missing or invalid variable in one error.
 * Unknown variables are ignored: the process environment holds far more than our config.
 */
export function loadConfig<S extends z.ZodType>(schema: S, env: Record<string, string | undefined> = process.env): z.infer<S> {
  const result = schema.safeParse(env);
  if (result.success) return result.data;
  const issues = result.error.issues.map((issue) => {
    const key = issue.path.join('.');
    return `${key} ${issue.message.replace(/^Invalid input: /, '')} (${describeValue(env, key)})`;
  });
  throw new ConfigValidationError(issues);
}
