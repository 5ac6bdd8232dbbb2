/** The platform's roles; every user holds `user`. */
export const ROLES = ['user', 'developer', 'reviewer', 'admin'] as const;
export type Role = (typeof ROLES)[number];
export const isRole = (value: string): value is Role => (ROLES as readonly string[]).includes(value);

/** Who may see and act on mini-apps under review (the QA channel, unpublished versions and bundles). */
export const REVIEW_ROLES = ['reviewer', 'admin'] as const satisfies readonly Role[];
export const mayReview = (roles: readonly Role[]): boolean =>
  roles.some((role) => (REVIEW_ROLES as readonly Role[]).includes(role));
