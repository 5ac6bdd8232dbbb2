import { z } from 'zod';
import { EPSILON_TEXT, parseEpsilon } from '../../shared/kernel/epsilon';

const bool = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');
const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);
const list = z.string().transform((v) =>
  v
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean),
);
/** A privacy loss ε as a decimal with at most three places (`0.5`), read as an exact number of thousandths (500). */
const epsilon = z
  .string()
  .regex(EPSILON_TEXT, 'must be a decimal such as 0.5 or 1, with at most three places')
  .transform((v) => parseEpsilon(v)!)
  .pipe(z.number().int().min(1, 'must be more than 0'));

/** Every setting the platform reads from the environment, with its default. */
export const configSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  HOST: z.string().min(1).default('0.0.0.0'),
  PORT: int(0, 65535).default(3000),
  /** Unset: an embedded PostgreSQL in DATA_DIR/postgres, started and stopped with the app (development only; ADR 0019). */
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }).optional(),
  DATABASE_POOL_SIZE: int(1, 200).default(30),
  DATABASE_CONNECT_TIMEOUT_MS: int(100, 120_000).default(5_000),
  /** Unset: one instance, its rate limits and queues in process (see deployment-mode.ts). Set: shared through Redis. */
  REDIS_URL: z.url({ protocol: /^rediss?$/ }).optional(),
  REDIS_KEY_PREFIX: z
    .string()
    .regex(/^[\w.:-]*$/)
    .default('superapp:'),
  MIGRATIONS_RUN: bool.default(true),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DATA_DIR: z.string().min(1).default('.data'),
  CORS_ORIGINS: list.default([]),
  BODY_LIMIT_BYTES: int(1024, 50 * 1024 * 1024).default(1024 * 1024),
  /** Which proxies may set X-Forwarded-For: `false`, a hop count, or a list of proxy IPs/CIDRs (`true` trusts anyone). */
  TRUST_PROXY: z
    .string()
    .regex(
      /^(true|false|\d{1,2}|[0-9a-fA-F.:/]+(\s*,\s*[0-9a-fA-F.:/]+)*)$/,
      'must be false, true, a hop count, or a comma-separated list of IPs/CIDRs',
    )
    .transform((v): boolean | number | string[] =>
      v === 'true' ? true : v === 'false' ? false : /^\d+$/.test(v) ? Number(v) : v.split(',').map((s) => s.trim()),
    )
    .default(false),
  SHUTDOWN_GRACE_MS: int(0, 120_000).default(10_000),
  /** Browsers reach the platform over https (behind a TLS proxy): send HSTS and upgrade-insecure-requests. Unset: true in production only. */
  SERVED_OVER_HTTPS: bool.optional(),
  JWT_ISSUER: z.string().min(1).default('https://superapp.local'),
  JWT_AUDIENCE: z.string().min(1).default('superapp-platform'),
  JWT_PRIVATE_KEY: z.string().min(1).optional(),
  JWT_KEY_ID: z.string().min(1).optional(),
  JWT_PREVIOUS_PUBLIC_KEYS: z.string().min(1).optional(),
  ACCESS_TOKEN_TTL_SECONDS: int(60, 3_600).default(900), // roles and logout take effect when it runs out: keep it short
  REFRESH_TOKEN_TTL_SECONDS: int(3_600, 90 * 86_400).default(30 * 86_400),
  ADMIN_EMAIL: z.email().optional(),
  RATE_LIMIT_PER_MINUTE: int(1, 1_000_000).default(600),
  AUTH_RATE_LIMIT_PER_MINUTE: int(1, 10_000).default(10),
  LOGIN_FAILURES_BEFORE_LOCK: int(1, 100).default(5),
  LOGIN_LOCK_BASE_SECONDS: int(1, 3_600).default(30),
  BUS_MAX_ATTEMPTS: int(1, 100).default(8),
  BUS_BACKOFF_BASE_MS: int(1, 60_000).default(250),
  BUS_BACKOFF_MAX_MS: int(10, 3_600_000).default(60_000),
  BUS_LEASE_MS: int(1_000, 3_600_000).default(30_000),
  BUS_SWEEP_INTERVAL_MS: int(50, 60_000).default(1_000),
  BUS_RECOVERY_AFTER_MS: int(0, 3_600_000).default(10_000),
  // Batches each hold a connection: 12 of the pool's 30 leave the API most of it. Measured (bench:bus): 6 let deliveries
  // queue behind busy workers at 500 ev/s (p99 24–32 ms), 12 kept p99 at 16–19 ms.
  BUS_WORKER_CONCURRENCY: int(1, 256).default(12),
  BUS_RETENTION_HOURS: int(1, 24 * 365).default(168),
  /** How events travel between processes: `in-process` (the outbox and the delivery queue only) or `nats` (JetStream; ADR 0033). */
  BUS_TRANSPORT: z.enum(['in-process', 'nats']).default('in-process'),
  /** The NATS servers (comma-separated nats:// or tls:// URLs); required when BUS_TRANSPORT=nats. */
  NATS_URL: z
    .string()
    .regex(/^(nats|tls):\/\/[^\s,]+(,(nats|tls):\/\/[^\s,]+)*$/, 'must be nats:// or tls:// URLs, comma-separated')
    .optional(),
  /**
   * The business modules this process runs (comma-separated names; unset: all of them). Running only some needs
   * BUS_TRANSPORT=nats: events and declared calls to the others cross processes through NATS (ADR 0035).
   */
  MODULES: list
    .pipe(z.array(z.string().regex(/^[a-z][a-z-]*$/, 'must be module names such as identity,wallet')).min(1))
    .optional(),
  /** How long a declared command or query sent to another process waits for its answer before the caller gets a 503. */
  CALL_TIMEOUT_MS: int(100, 120_000).default(10_000),
  /**
   * Where modules this process does not run answer HTTP (`wallet=http://wallet:3000,payments=http://payments:3000`):
   * their routes are forwarded there, so one address serves the whole API (a gateway; ADR 0035).
   */
  MODULE_URLS: list
    .pipe(
      z.array(
        z
          .string()
          .regex(/^[a-z][a-z-]*=https?:\/\/[^\s=]+$/, 'must be module=URL pairs such as wallet=http://wallet:3000'),
      ),
    )
    .transform((pairs) =>
      Object.fromEntries(
        pairs.map((pair) => [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1).replace(/\/$/, '')]),
      ),
    )
    .default({}),
  /** This process's NATS user (with NATS_PASSWORD), and the name of its reply inbox `_INBOX_<name>` (ADR 0037). */
  NATS_USER: z
    .string()
    .regex(/^[\w-]+$/, 'must be letters, digits, - and _ (the name given to nats-config)')
    .optional(),
  NATS_PASSWORD: z.string().min(1).optional(),
  /** PEM files: the CA the NATS servers' certificates are checked against, and this process's client certificate and key (mTLS). */
  NATS_TLS_CA: z.string().min(1).optional(),
  NATS_TLS_CERT: z.string().min(1).optional(),
  NATS_TLS_KEY: z.string().min(1).optional(),
  /** Production refuses an anonymous NATS connection unless told it is meant (a broker only this deployment reaches, a benchmark). */
  NATS_ANONYMOUS: bool.default(false),
  WALLET_DEFAULT_CURRENCY: z
    .string()
    .regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code such as EUR')
    .default('EUR'),
  WALLET_CURRENCIES: list
    .pipe(z.array(z.string().regex(/^[A-Z]{3}$/, 'must be ISO 4217 codes such as EUR,USD')).min(1))
    .default(['EUR', 'USD', 'GBP', 'JPY']),
  /** In major units of the movement's currency (e.g. 10000 = €10,000.00 or ¥10,000). */
  WALLET_TRANSACTION_LIMIT: z.coerce.number().positive().max(1_000_000_000).default(10_000),
  WALLET_DAILY_LIMIT: z.coerce.number().positive().max(1_000_000_000).default(20_000),
  WALLET_PAYMENT_PROVIDER: z.enum(['sandbox']).default('sandbox'),
  WALLET_IDEMPOTENCY_RETENTION_HOURS: int(24, 24 * 90).default(48),
  WALLET_HOLD_SWEEP_INTERVAL_MS: int(50, 600_000).default(1_000),
  WALLET_TOP_UP_RECOVERY_SECONDS: int(1, 86_400).default(60),
  WALLET_AUDIT_SEAL_INTERVAL_MS: int(10, 60_000).default(200),
  REVIEW_BUNDLE_MAX_BYTES: int(1024, 100 * 1024 * 1024).default(5 * 1024 * 1024),
  REVIEW_BUNDLE_MAX_UNPACKED_BYTES: int(1024, 500 * 1024 * 1024).default(20 * 1024 * 1024),
  REVIEW_BUNDLE_MAX_FILES: int(1, 100_000).default(500),
  /** Worker threads the scanner may use: one leaves the other core of a 2-core machine to the API and the database. */
  REVIEW_SCAN_THREADS: int(1, 64).default(1),
  /** Ed25519 private key (PKCS#8 PEM) that signs published bundles; every instance must share it. */
  REVIEW_SIGNING_KEY: z.string().min(1).optional(),
  /** Ed25519 private key (PKCS#8 PEM) that signs launchData and proxied requests for mini-app backends; every instance must share it. */
  RUNTIME_SIGNING_KEY: z.string().min(1).optional(),
  /** At least 32 random bytes, base64: the HMAC key of per-mini-app pairwise user ids. Never change it once users exist. */
  RUNTIME_PAIRWISE_KEY: z.string().min(1).optional(),
  RUNTIME_LAUNCH_TTL_SECONDS: int(60, 7 * 86_400).default(3_600),
  RUNTIME_SECRET_GRACE_SECONDS: int(0, 30 * 86_400).default(86_400),
  RUNTIME_PROXY_REQUESTS_PER_MINUTE: int(1, 100_000).default(60),
  /** Development and tests only: the runtime's proxy may reach loopback (plain http too) and review accepts loopback origins. */
  OUTBOUND_ALLOW_LOOPBACK: bool.default(false),
  /** The separate origin mini-app bundles are served from (a registrable domain of its own in production); see miniAppOrigin(). */
  MINIAPP_ORIGIN: z
    .url({ protocol: /^https?$/ })
    .refine(
      (v) => new URL(v).origin === v.replace(/\/$/, ''),
      'must be an origin only, such as https://apps.example.net',
    )
    .transform((v) => new URL(v).origin)
    .optional(),
  ACCESS_LOG_RETENTION_DAYS: int(1, 3_650).default(30),
  /** How long a settled notice to a mini-app's backend (delivered, failed or never sent for want of an endpoint) is kept, then deleted. */
  RUNTIME_NOTICE_RETENTION_DAYS: int(1, 3_650).default(30),
  // Doubling from 30 s to 8 h with jitter, as merchant notifications: 21 attempts span about three days.
  RUNTIME_NOTICE_MAX_ATTEMPTS: int(1, 100).default(21),
  RUNTIME_NOTICE_BACKOFF_BASE_MS: int(1, 3_600_000).default(30_000),
  RUNTIME_NOTICE_BACKOFF_MAX_MS: int(1, 86_400_000).default(8 * 3_600_000),
  RUNTIME_NOTICE_TIMEOUT_MS: int(100, 60_000).default(10_000),
  /** How long a used or expired login code is kept (for its audit), then deleted. */
  LOGIN_CODE_RETENTION_MINUTES: int(1, 7 * 24 * 60).default(60),
  /** How long an ended session (its refresh tokens expired or revoked) is kept, then deleted. */
  SESSION_RETENTION_DAYS: int(1, 3_650).default(30),
  /** ε each new release of counts spends (analytics, the transparency report); the noise's scale is Δ/ε. In thousandths once read. */
  PRIVACY_RELEASE_EPSILON: epsilon.default(1000),
  /** ε each mini-app (and the transparency report) may spend on new releases per calendar month (UTC). In thousandths once read. */
  PRIVACY_EPSILON_BUDGET: epsilon.default(10_000),
  /** How long a person's data export (its archive and its row) is kept after it was assembled (or asked for, if never), then deleted. */
  PRIVACY_EXPORT_RETENTION_HOURS: int(24, 24 * 30).default(72),
  /** How many data exports one person may ask for in 24 hours (a repeated ask while one is being made returns that one). */
  PRIVACY_EXPORTS_PER_DAY: int(1, 100).default(5),
  /** How long a mini-app order can be paid. */
  PAYMENTS_ORDER_TTL_SECONDS: int(60, 7 * 86_400).default(900),
  PAYMENTS_SWEEP_INTERVAL_MS: int(50, 600_000).default(1_000),
  /** At least 32 random bytes, base64: the key that seals mini-apps' webhook signing secrets at rest. */
  PAYMENTS_SECRET_KEY: z.string().min(1).optional(),
  /** At least 32 random bytes, base64: the HMAC key identity keys e-mail addresses with where it must not keep them (failed-login streaks). */
  IDENTITY_HASH_KEY: z.string().min(1).optional(),
  PAYMENTS_WEBHOOK_SECRET_GRACE_SECONDS: int(0, 30 * 86_400).default(86_400),
  /** How long a settled merchant notification and its attempt log are kept (the order itself is a financial record and stays). */
  PAYMENTS_NOTIFICATION_LOG_RETENTION_DAYS: int(1, 3_650).default(30),
  // Doubling from 30 s to 8 h, with jitter (each wait 50–100 % of its ceiling): 21 attempts span 48–96 h, about three days.
  PAYMENTS_NOTIFY_MAX_ATTEMPTS: int(1, 100).default(21),
  PAYMENTS_NOTIFY_BACKOFF_BASE_MS: int(1, 3_600_000).default(30_000),
  PAYMENTS_NOTIFY_BACKOFF_MAX_MS: int(1, 86_400_000).default(8 * 3_600_000),
  PAYMENTS_NOTIFY_TIMEOUT_MS: int(100, 60_000).default(10_000),
  /**
   * Development: on start, the platform takes its own mini-apps (dist/mini-apps, packed by the build) through
   * review and publishes them. Unset means on when NODE_ENV=development; production refuses it (see publishesFirstParty).
   */
  PUBLISH_FIRST_PARTY_MINI_APPS: bool.optional(),
  /** A port of their own for the metrics (the API's port then does not serve them); production's default is 9464 unless METRICS_TOKEN is set. */
  METRICS_PORT: int(0, 65535).optional(),
  /** When set, /metrics needs `Authorization: Bearer <METRICS_TOKEN>`. */
  METRICS_TOKEN: z.string().min(32, 'must be at least 32 characters, e.g. openssl rand -base64 32').optional(),
  OTEL_EXPORTER_OTLP_ENDPOINT: z.url().optional(),
  OTEL_SERVICE_NAME: z.string().min(1).default('superapp-platform'),
});

/** The environment as read: DATABASE_URL may still be unset (the embedded database is then started for it). */
export type Settings = Omit<z.infer<typeof configSchema>, 'SERVED_OVER_HTTPS'> & { SERVED_OVER_HTTPS: boolean };

/** What the platform runs with: the settings, with the database decided. */
export type PlatformConfig = Settings & { DATABASE_URL: string };
