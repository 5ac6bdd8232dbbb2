/** The platform's roles; every user holds `user`. */
export const ROLES = ['user', 'developer', 'reviewer', 'admin'] as const;
export type Role = (typeof ROLES)[number];
export const isRole = (value: string): value is Role => (ROLES as readonly string[]).includes(value);
