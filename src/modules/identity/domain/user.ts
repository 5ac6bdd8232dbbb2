import type { Role } from '../../../shared/kernel/roles';

export interface UserProfile {
  displayName: string;
  locale: string | null;
  avatarUrl: string | null;
}

export interface User extends UserProfile {
  id: string;
  email: string;
  roles: Role[];
  createdAt: Date;
  updatedAt: Date;
}

/** Everyone is a `user`; that role cannot be taken away. */
export const BASE_ROLE: Role = 'user';

export function rolesWith(roles: readonly Role[], role: Role): Role[] {
  return roles.includes(role) ? [...roles] : [...roles, role];
}

export function rolesWithout(roles: readonly Role[], role: Role): Role[] {
  if (role === BASE_ROLE) throw new RangeError('the base role cannot be revoked');
  return roles.filter((r) => r !== role);
}

/**
 * The ADMIN_EMAIL account becomes the first admin, only while there is no admin at all:
 * once an admin exists, registering that address again grants nothing.
 */
export function initialRoles(email: string, adminEmail: string | undefined, existingAdmins: number): Role[] {
  return adminEmail && email === adminEmail && existingAdmins === 0 ? [BASE_ROLE, 'admin'] : [BASE_ROLE];
}
