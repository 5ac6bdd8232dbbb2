export interface Profile {
  displayName: string;
  avatarUrl: string | null;
}

/** Users' public profiles, kept from identity's events. */
export abstract class ProfileDirectory {
  /** Keeps the profile unless a later one is kept already. */
  abstract upsert(userId: string, profile: Profile, updatedAt: Date): Promise<void>;
  abstract find(userId: string): Promise<Profile | null>;
}
