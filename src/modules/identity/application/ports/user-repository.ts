import type { Role } from '../../../../shared/kernel/roles';
import type { User, UserProfile } from '../../domain/user';

export interface NewUser {
  id: string;
  email: string;
  displayName: string;
  passwordHash: string;
  roles: Role[];
}

/** Users with their credentials; joins the caller's unit of work when one is active. */
export abstract class UserRepository {
  /** Inserts the user; resolves false when the e-mail is taken. */
  abstract insert(user: NewUser): Promise<boolean>;
  abstract findById(id: string): Promise<User | null>;
  abstract findCredentialsByEmail(email: string): Promise<{ id: string; passwordHash: string } | null>;
  abstract updateProfile(id: string, changes: Partial<UserProfile>): Promise<User | null>;
  abstract setRoles(id: string, roles: Role[]): Promise<void>;
  abstract countWithRole(role: Role): Promise<number>;
  /** Serialises changes to who holds a role until the unit of work ends. */
  abstract lockRole(role: Role): Promise<void>;
  abstract findIdByEmail(email: string): Promise<string | null>;
  /** Notes a successful sign-in; true only for the user's very first. */
  abstract markSignedIn(id: string, at: Date): Promise<boolean>;
  /** An erasure was accepted: the password no longer signs anyone in, until the row goes. */
  abstract disableSignIn(id: string): Promise<void>;
  /** Deletes the user and everything the row holds (an erasure); false when there was none. */
  abstract delete(id: string): Promise<boolean>;
}
