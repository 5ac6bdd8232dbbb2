/**
 * A publish that breaks a rule of the bus. It is thrown before anything is written, so the
 * surrounding unit of work rolls back. `rule` names what was broken.
 */
export class GovernanceError extends Error {
  override readonly name = 'GovernanceError';

  constructor(
    readonly rule:
      | 'registered-event'
      | 'registered-once'
      | 'event-naming'
      | 'owner-publishes'
      | 'payload-schema'
      | 'subscriber-id'
      | 'declared-sends',
    message: string,
  ) {
    super(`[bus rule: ${rule}] ${message}`);
  }
}
