/**
 * Sent by the privacy module before it accepts an erasure: the person's accounts (stored value and
 * merchant) close for good, so no money can arrive at an account nobody can reach any more. Refused
 * with a ProblemError while any of them holds money or has open holds (409 `wallet-not-empty`),
 * saying what to do. Closing closed accounts again changes nothing.
 */
export class CloseWalletForErasure {
  declare readonly __result?: void;

  constructor(readonly userId: string) {}
}
