import { describe, expect, it } from 'vitest';
import type { PlatformConfig } from '../../../platform/config/app-config';
import { moduleContract } from '../../../platform/messaging/module-contract';
import { recordOfProcessing, retentionInWords } from './record-of-processing';

const config = { SESSION_RETENTION_DAYS: 30, LOGIN_CODE_RETENTION_MINUTES: 60 } as unknown as PlatformConfig;
const identity = moduleContract({
  name: 'identity',
  schema: 'identity',
  routes: [],
  owns: 'accounts',
  publishes: [],
  subscribers: {},
  commands: { handles: [], sends: [] },
  queries: { handles: [], sends: [] },
  settings: [],
  otherColumns: {},
  personalData: [
    {
      table: 'refresh_tokens',
      columns: ['user_id'],
      purpose: 'sessions',
      legalBasis: 'contract',
      retention: { setting: 'SESSION_RETENTION_DAYS' },
      recipients: ['nobody'],
    },
  ],
});

describe('the record of processing', () => {
  it('says a retention with its configured value and unit, or the declared rule', () => {
    expect(retentionInWords({ setting: 'SESSION_RETENTION_DAYS' }, config)).toBe('30 days (SESSION_RETENTION_DAYS)');
    expect(retentionInWords({ setting: 'LOGIN_CODE_RETENTION_MINUTES' }, config)).toBe(
      '60 minutes (LOGIN_CODE_RETENTION_MINUTES)',
    );
    expect(retentionInWords({ rule: 'kept: bookkeeping' }, config)).toBe('kept: bookkeeping');
    expect(retentionInWords({ setting: 'SESSION_RETENTION_DAYS', after: 'the session ended' }, config)).toBe(
      '30 days (SESSION_RETENTION_DAYS) after the session ended',
    );
  });

  it('tells the public what and why, and only operators where it is kept', () => {
    const [publicEntry] = recordOfProcessing([identity], config, 'public');
    expect(publicEntry).toEqual({
      module: 'identity',
      purpose: 'sessions',
      legalBasis: 'contract',
      retention: '30 days (SESSION_RETENTION_DAYS)',
      recipients: ['nobody'],
      onErasure: 'deleted',
    });
    const [operatorsEntry] = recordOfProcessing([identity], config, 'operators');
    expect(operatorsEntry).toMatchObject({ table: 'identity.refresh_tokens', columns: ['user_id'] });
  });

  it("says what a person's erasure does to each record: deleted, or kept and why", () => {
    const kept = { ...identity, personalData: [{ ...identity.personalData[0], keptOnErasure: 'bookkeeping' }] };
    expect(recordOfProcessing([kept], config, 'public')[0].onErasure).toBe('kept: bookkeeping');
  });
});
