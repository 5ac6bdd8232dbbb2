/**
 * `identity.user-registered` v1: a person created an account.
 * Carries ids and the facts listeners need, never contact data (no e-mail, no phone):
 * a listener that needs more asks identity for it.
 */
export interface UserRegisteredV1 {
  userId: string;
  displayName: string;
  registeredAt: string;
}

export class UserRegistered {
  static readonly type = 'identity.user-registered';
  static readonly version = 1;
  readonly type = UserRegistered.type;
  readonly version = UserRegistered.version;

  constructor(
    readonly payload: UserRegisteredV1,
    /** The aggregate id, for ordering: the user's id. */
    readonly key: string = payload.userId,
  ) {}
}
