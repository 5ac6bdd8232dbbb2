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
  personalData: [
    {
      table: 'events',
      columns: ['payload', 'key'],
      purpose: "every module's events carry ids of the people they are about (never contact data)",
      legalBasis: 'legitimate-interests',
      retention: { setting: 'BUS_RETENTION_HOURS' },
    },
  ],
  inEveryProcess: true,
});
