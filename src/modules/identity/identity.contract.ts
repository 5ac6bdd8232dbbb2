import { moduleContract } from '../../platform/messaging/module-contract';
import {
  ConfirmPassword,
  ExportIdentityPersonalData,
  EndAllSessions,
  IdentityPersonalDataErased,
  ProfileUpdated,
  UserRegistered,
} from '../../shared/contracts/identity';
import { ErasureRequested } from '../../shared/contracts/privacy';

/** Identity's face: who users are, and the two facts it tells everyone else. */
export const identityContract = moduleContract({
  name: 'identity',
  schema: 'identity',
  routes: ['/identity'],
  owns: 'users, credentials, sessions (refresh-token families), roles, profile',
  publishes: [UserRegistered, ProfileUpdated, IdentityPersonalDataErased],
  subscribers: { 'identity.erase-personal-data': [ErasureRequested] },
  commands: { handles: [ConfirmPassword, EndAllSessions], sends: [] },
  queries: { handles: [ExportIdentityPersonalData], sends: [] },
  settings: [
    'REFRESH_TOKEN_TTL_SECONDS',
    'ADMIN_EMAIL',
    'LOGIN_FAILURES_BEFORE_LOCK',
    'LOGIN_LOCK_BASE_SECONDS',
    'SESSION_RETENTION_DAYS',
    'IDENTITY_HASH_KEY',
    'DATA_DIR',
  ],
  otherColumns: {
    login_throttles: ['updated_at'],
    refresh_tokens: ['id', 'family_id'],
    users: ['updated_at'],
  },
  personalData: [
    {
      table: 'users',
      columns: [
        'email',
        'display_name',
        'avatar_url',
        'locale',
        'password_hash',
        'roles',
        'first_signed_in_at',
        'id',
        'created_at',
      ],
      purpose: 'the account: signing in, being named and shown to others',
      legalBasis: 'contract',
      retention: { rule: 'while the account exists (an erasure deletes it)' },
    },
    {
      table: 'refresh_tokens',
      columns: ['user_id', 'token_hash', 'created_at', 'expires_at', 'rotated_at', 'revoked_at'],
      purpose: 'sessions: staying signed in, and logging out everywhere',
      legalBasis: 'contract',
      retention: { setting: 'SESSION_RETENTION_DAYS', after: 'the session ended (a session in use keeps its tokens)' },
    },
    {
      table: 'login_throttles',
      columns: ['email_hash', 'consecutive_failures', 'locked_until'],
      purpose: 'locking out password guessing against an address',
      legalBasis: 'legitimate-interests',
      retention: {
        rule: 'until the next successful sign-in of that address, or a day after its last failure once any lock has passed',
      },
    },
  ],
});
