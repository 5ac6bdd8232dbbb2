/** The mini-app whose server credentials were presented. */
export interface ServerCaller {
  miniAppId: string;
  slug: string;
}

/**
 * Asked by any module that serves mini-app backends (the runtime's code exchange, payments'
 * orders): are these the HTTP Basic credentials of a mini-app, and which? Answers null for an
 * unknown client id or a wrong secret alike. Handled by the runtime, which holds the secrets'
 * hashes; `ServerCredentials()` in platform/auth asks it for every server route.
 */
export class VerifyServerCredentials {
  /** Only for the compiler: what `QueryBus.execute` resolves to (shared code stays framework-free, so no `Query<T>`). */
  declare readonly __result?: ServerCaller | null;

  constructor(
    readonly clientId: string,
    readonly clientSecret: string,
  ) {}
}
