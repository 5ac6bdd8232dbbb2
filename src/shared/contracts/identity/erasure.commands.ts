/**
 * Sent by the privacy module before it accepts an erasure: the person proves it is them with their
 * password (counted against the same lockout as a login). A wrong password throws a ProblemError
 * (403 `wrong-password`, 429 `login-locked`, 409 `last-admin` for the only admin).
 */
export class ConfirmPassword {
  declare readonly __result?: void;

  constructor(
    readonly userId: string,
    readonly password: string,
  ) {}
}

/**
 * Sent by the privacy module once an erasure is recorded: the password signs no one in any more, every session of the person ends and
 * their access tokens stop working at once, in every process (not when they expire).
 */
export class EndAllSessions {
  declare readonly __result?: void;

  constructor(readonly userId: string) {}
}
