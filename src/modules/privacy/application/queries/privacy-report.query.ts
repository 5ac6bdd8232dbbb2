import { Inject } from '@nestjs/common';
import { type IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { APP_CONFIG, type PlatformConfig } from '../../../../platform/config/app-config';
import { DAY_MS } from '../../../../platform/scheduling/housekeeping';
import { Clock } from '../../../../platform/time/clock';
import { privacyContract } from '../../privacy.contract';
import { ReportStore } from '../ports/report-store';
import { retentionInWords } from '../record-of-processing';

/** The kinds of record the report shows, and the read-model table whose retention each follows. */
const KINDS = {
  grants: 'report_consents',
  'grant-history': 'report_consent_history',
  accesses: 'report_accesses',
  domains: 'report_accesses',
  launches: 'report_launches',
  payments: 'report_payments',
} as const;
export type RecordKind = keyof typeof KINDS;

export interface PrivacyReport {
  generatedAt: Date;
  miniApps: Array<{
    slug: string | null;
    name: string | null;
    grants: Array<{ scope: string; state: 'granted' | 'denied'; purpose: string; decidedAt: Date }>;
    history: Array<{ scope: string; action: string; purpose: string | null; at: Date }>;
    /** The latest accesses (at most ACCESSES_SHOWN); `accessCount` counts them all. */
    accesses: Array<{ scope: string; at: Date; deletedBy: Date }>;
    accessCount: number;
    domains: Array<{ domain: string; count: number; lastAt: Date; deletedBy: Date }>;
    launches: { count: number; lastAt: Date; deletedBy: Date } | null;
    payments: Array<{
      orderId: string;
      amount: number;
      refundedAmount: number;
      currency: string;
      state: string;
      at: Date;
    }>;
  }>;
  retention: Array<{ records: RecordKind; retention: string }>;
}

/** The caller's own report: only rows keyed by their user id are read. */
export class GetPrivacyReport extends Query<PrivacyReport> {
  constructor(readonly userId: string) {
    super();
  }
}

/**
 * The user's privacy report, in the spirit of Apple's App Privacy Report: per mini-app, the
 * decisions in force and their history, each brokered access, the origins reached through the
 * proxy, launches and payments, with when each kind of record is deleted (the declared retention,
 * and for usage the date each record goes).
 */
@QueryHandler(GetPrivacyReport)
export class GetPrivacyReportHandler implements IQueryHandler<GetPrivacyReport, PrivacyReport> {
  constructor(
    private readonly store: ReportStore,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: PlatformConfig,
  ) {}

  async execute({ userId }: GetPrivacyReport): Promise<PrivacyReport> {
    const rows = await this.store.rowsOf(userId);
    const keptMs = this.config.ACCESS_LOG_RETENTION_DAYS * DAY_MS;
    const deletedBy = (at: Date) => new Date(at.getTime() + keptMs);
    const miniApps = rows.miniApps.map(({ miniAppId, slug, name }) => {
      const mine = <T extends { miniAppId: string }>(list: T[]) =>
        list.filter((r) => r.miniAppId === miniAppId).map(({ miniAppId: _, ...rest }) => rest);
      const launches = mine(rows.launches)[0];
      return {
        slug,
        name,
        grants: mine(rows.consents),
        history: mine(rows.history),
        accesses: mine(rows.accesses).map((a) => ({ ...a, deletedBy: deletedBy(a.at) })),
        accessCount: mine(rows.accessCounts)[0]?.count ?? 0,
        domains: mine(rows.domains).map((d) => ({ ...d, deletedBy: deletedBy(d.lastAt) })),
        launches: launches ? { ...launches, deletedBy: deletedBy(launches.lastAt) } : null,
        payments: mine(rows.payments),
      };
    });
    miniApps.sort((a, b) => (a.name ?? a.slug ?? '').localeCompare(b.name ?? b.slug ?? ''));
    return { generatedAt: this.clock.now(), miniApps, retention: this.retention() };
  }

  private retention(): PrivacyReport['retention'] {
    return (Object.entries(KINDS) as Array<[RecordKind, string]>).map(([records, table]) => {
      const declared = privacyContract.personalData.find((data) => data.table === table);
      if (!declared) throw new Error(`privacy declares no retention for ${table}`);
      return { records, retention: retentionInWords(declared.retention, this.config) };
    });
  }
}
