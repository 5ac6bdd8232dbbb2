import { applyDecorators, createParamDecorator, type ExecutionContext, SetMetadata } from '@nestjs/common';
import { ApiExtension } from '@nestjs/swagger';
import type { AuthenticatedUser } from '../../shared/kernel/authenticated-user';
import type { Role } from '../../shared/kernel/roles';

export const IS_PUBLIC = 'auth:isPublic';
export const REQUIRED_ROLES = 'auth:requiredRoles';
/** OpenAPI extension that marks a route as needing no token; the document builder reads it. */
export const PUBLIC_EXTENSION = 'x-public';

/** Opts a route out of authentication (everything else needs a bearer token). */
export const Public = () => applyDecorators(SetMetadata(IS_PUBLIC, true), ApiExtension(PUBLIC_EXTENSION, true));

/** The caller needs at least one of these roles. */
export const Roles = (...roles: Role[]) =>
  applyDecorators(SetMetadata(REQUIRED_ROLES, roles), ApiExtension('x-roles', roles));

/** The authenticated caller, as the JWT guard established it. */
export const CurrentUser = createParamDecorator(
  (_data: unknown, context: ExecutionContext): AuthenticatedUser =>
    context.switchToHttp().getRequest<{ user: AuthenticatedUser }>().user,
);
