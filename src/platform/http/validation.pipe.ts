import { ValidationPipe, type ValidationError } from '@nestjs/common';
import { invalid, type FieldError } from '../../shared/kernel/problem';

/** Whitelist and reject unknown fields; every field that fails says why, under its JSON pointer. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    validationError: { target: false, value: false },
    exceptionFactory: (errors) =>
      invalid('validation', 'Invalid request', 'One or more fields are invalid; see errors.', flatten(errors)),
  });
}

function flatten(errors: ValidationError[], parent = '#'): FieldError[] {
  return errors.flatMap((error) => {
    const pointer = `${parent}/${error.property}`;
    const own = Object.values(error.constraints ?? {}).map((detail) => ({
      pointer,
      detail: detail.replace(/^property \S+ should not exist$/, 'is not a known field'),
    }));
    return [...own, ...flatten(error.children ?? [], pointer)];
  });
}
