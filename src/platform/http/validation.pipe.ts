import { ValidationPipe, type ValidationError } from '@nestjs/common';
import { invalid, type FieldError } from '../../shared/kernel/problem';

/** Whitelist and reject unknown fields; every field that fails says why, once, under its JSON pointer. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    validationError: { target: false, value: true },
    exceptionFactory: (errors) =>
      invalid('validation', 'Invalid request', 'One or more fields are invalid; see errors.', fieldErrors(errors)),
  });
}

export function fieldErrors(errors: ValidationError[], parent = '#'): FieldError[] {
  return errors.flatMap((error) => {
    const pointer = `${parent}/${error.property}`;
    const messages = Object.entries(error.constraints ?? {}).map(([rule, message]) =>
      explain(rule, message, error.property),
    );
    const own: FieldError[] = messages.length ? [{ pointer, detail: describe(error, messages) }] : [];
    return [...own, ...fieldErrors(error.children ?? [], pointer)];
  });
}

function describe(error: ValidationError, messages: string[]): string {
  if (error.value === undefined && !('whitelistValidation' in (error.constraints ?? {}))) return 'is required';
  return [...new Set(messages)].join('; ');
}

/** class-validator's messages start with the property name; the pointer already says which field. */
function explain(rule: string, message: string, property: string): string {
  if (rule === 'whitelistValidation') return 'is not a known field';
  return message.startsWith(`${property} `) ? message.slice(property.length + 1) : message;
}
