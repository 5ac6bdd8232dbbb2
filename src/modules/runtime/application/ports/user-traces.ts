/** What the runtime keeps of a user's use of one mini-app, beside consent and the pairwise id. */
export abstract class UserTraces {
  /** Deletes the user's storage items, login codes, launches and access log in the mini-app (in the current unit of work). */
  abstract forgetInMiniApp(userId: string, miniAppId: string): Promise<void>;
}
