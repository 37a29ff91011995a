import { ValidationPipe, type ValidationError } from '@nestjs/common';
import { type FieldError, ProblemException } from './problem-details';

function flatten(errors: ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.entries(error.constraints ?? {}).map(([rule, message]) => ({ field, rule, message }));
    return [...own, ...flatten(error.children ?? [], field)];
  });
}

/** Validates DTOs (class-validator) and rejects unknown fields, naming each field and rule. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    transform: true,
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    exceptionFactory: (errors) => {
      const fieldErrors = flatten(errors);
      return new ProblemException({
        status: 400,
        type: 'validation-failed',
        title: 'Request validation failed',
        detail: fieldErrors.map((e) => `${e.field}: ${e.message}`).join('; '),
        errors: fieldErrors,
      });
    },
  });
}
