/** The scopes of the mini-app SDK (SDK.md): what a manifest may ask for, each with a purpose. */
export const SCOPES = [
  'user.profile',
  'location',
  'camera',
  'contacts',
  'payments',
  'wallet.read',
  'wallet.transfer',
] as const;
export type Scope = (typeof SCOPES)[number];

/**
 * The fixed taxonomy every mini-app belongs to, and the scopes each category may request: the review policy.
 * The wallet's own scopes (the person's balances and statement, and asking them to move money) are for
 * `finance` mini-apps only, such as the first-party Payments mini-app.
 */
export const CATEGORY_POLICY = {
  'food-delivery': ['user.profile', 'payments', 'location'],
  mobility: ['user.profile', 'payments', 'location'],
  maps: ['user.profile', 'location'],
  travel: ['user.profile', 'payments', 'location', 'camera'],
  shopping: ['user.profile', 'payments', 'camera'],
  finance: ['user.profile', 'payments', 'camera', 'contacts', 'wallet.read', 'wallet.transfer'],
  social: ['user.profile', 'camera', 'contacts'],
  health: ['user.profile', 'payments', 'camera'],
  utilities: ['user.profile', 'payments', 'camera'],
  games: ['user.profile', 'payments'],
} as const satisfies Record<string, readonly Scope[]>;

export type Category = keyof typeof CATEGORY_POLICY;
export const CATEGORIES = Object.keys(CATEGORY_POLICY) as Category[];
export const isCategory = (value: string): value is Category => Object.hasOwn(CATEGORY_POLICY, value);
