/** The scopes of the mini-app SDK (SDK.md): what a manifest may ask for, each with a purpose. */
export const SCOPES = ['user.profile', 'location', 'camera', 'contacts', 'payments'] as const;
export type Scope = (typeof SCOPES)[number];

/** The fixed taxonomy every mini-app belongs to, and the scopes each category may request: the review policy. */
export const CATEGORY_POLICY = {
  'food-delivery': ['user.profile', 'payments', 'location'],
  mobility: ['user.profile', 'payments', 'location'],
  maps: ['user.profile', 'location'],
  travel: ['user.profile', 'payments', 'location', 'camera'],
  shopping: ['user.profile', 'payments', 'camera'],
  finance: ['user.profile', 'payments', 'camera', 'contacts'],
  social: ['user.profile', 'camera', 'contacts'],
  health: ['user.profile', 'payments', 'camera'],
  utilities: ['user.profile', 'payments', 'camera'],
  games: ['user.profile', 'payments'],
} as const satisfies Record<string, readonly Scope[]>;

export type Category = keyof typeof CATEGORY_POLICY;
export const CATEGORIES = Object.keys(CATEGORY_POLICY) as Category[];
export const isCategory = (value: string): value is Category => Object.hasOwn(CATEGORY_POLICY, value);
