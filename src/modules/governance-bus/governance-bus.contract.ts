import { moduleContract } from '../../platform/messaging/module-contract';

/** The governance bus's face: it publishes and consumes nothing of its own; it carries everyone's events. */
export const governanceBusContract = moduleContract({
  name: 'governance-bus',
  schema: 'bus',
  owns: 'outbox, deliveries, event catalogue, dead letters',
  publishes: [],
  subscribers: {},
  commands: { handles: [], sends: [] },
  queries: { handles: [], sends: [] },
  settings: [
    'DATABASE_POOL_SIZE',
    'REDIS_KEY_PREFIX',
    'BUS_MAX_ATTEMPTS',
    'BUS_BACKOFF_BASE_MS',
    'BUS_BACKOFF_MAX_MS',
    'BUS_LEASE_MS',
    'BUS_SWEEP_INTERVAL_MS',
    'BUS_RECOVERY_AFTER_MS',
    'BUS_WORKER_CONCURRENCY',
    'BUS_RETENTION_HOURS',
  ],
  otherColumns: {
    deliveries: [
      'id',
      'event_id',
      'subscriber',
      'event_type',
      'position',
      'status',
      'attempts',
      'max_attempts',
      'available_at',
      'lease_until',
      'claim_token',
      'created_at',
      'updated_at',
      'completed_at',
    ],
    events: [
      'id',
      'position',
      'type',
      'version',
      'producer',
      'occurred_at',
      'recorded_at',
      'correlation_id',
      'causation_id',
      'traceparent',
    ],
  },
  personalData: [
    {
      table: 'deliveries',
      columns: ['key', 'last_error'],
      purpose: "each event's way to each subscriber: its ordering key (a user or account id) and last error",
      legalBasis: 'legitimate-interests',
      retention: {
        rule: 'deleted with its event once completed; a dead letter is kept until an operator retries or discards it',
      },
      keptOnErasure: 'goes with its retention',
    },
    {
      table: 'events',
      columns: ['payload', 'key'],
      purpose: "every module's events carry ids of the people they are about (never contact data)",
      legalBasis: 'legitimate-interests',
      retention: {
        setting: 'BUS_RETENTION_HOURS',
        after:
          'every delivery of the event completed (a dead letter keeps it until an operator retries or discards it)',
      },
      keptOnErasure: 'goes with its retention',
    },
  ],
  inEveryProcess: true,
});
