import { Controller, Get } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { CurrentUser } from '../../../platform/auth/decorators';
import type { AuthenticatedUser } from '../../../shared/kernel/authenticated-user';
import { GetPrivacyReport, type PrivacyReport } from '../application/queries/privacy-report.query';

const GRANT_STATES = ['granted', 'denied'] as const;
const ACTIONS = ['granted', 'denied', 'withdrawn', 'expired'] as const;
const RECORD_KINDS = ['grants', 'grant-history', 'accesses', 'domains', 'launches', 'payments'] as const;

class ReportGrant {
  @ApiProperty({ example: 'location' })
  scope: string;
  @ApiProperty({ enum: GRANT_STATES })
  state: string;
  @ApiProperty({ description: 'The purpose the mini-app stated when the decision was made' })
  purpose: string;
  @ApiProperty({ format: 'date-time' })
  decidedAt: string;
}

class ReportDecision {
  @ApiProperty({ example: 'location' })
  scope: string;
  @ApiProperty({ enum: ACTIONS })
  action: string;
  @ApiProperty({ type: String, nullable: true, description: 'The purpose shown (grants and denials)' })
  purpose: string | null;
  @ApiProperty({ format: 'date-time' })
  at: string;
}

class ReportAccess {
  @ApiProperty({ example: 'location', description: 'What the mini-app was handed, under a grant' })
  scope: string;
  @ApiProperty({ format: 'date-time' })
  at: string;
  @ApiProperty({ format: 'date-time', description: 'When this record is deleted' })
  deletedBy: string;
}

class ReportDomain {
  @ApiProperty({ example: 'https://api.citybikes.example', description: 'An origin the proxy sent a request to' })
  domain: string;
  @ApiProperty({ description: 'Requests sent to it that are still kept' })
  count: number;
  @ApiProperty({ format: 'date-time' })
  lastAt: string;
  @ApiProperty({ format: 'date-time', description: 'When the last of these records is deleted' })
  deletedBy: string;
}

class ReportLaunches {
  @ApiProperty({ description: 'Launches still kept' })
  count: number;
  @ApiProperty({ format: 'date-time' })
  lastAt: string;
  @ApiProperty({ format: 'date-time', description: 'When the last of these records is deleted' })
  deletedBy: string;
}

class ReportPayment {
  @ApiProperty({ format: 'uuid' })
  orderId: string;
  @ApiProperty({ description: 'In minor units' })
  amount: number;
  @ApiProperty()
  refundedAmount: number;
  @ApiProperty({ example: 'EUR' })
  currency: string;
  @ApiProperty({ example: 'paid' })
  state: string;
  @ApiProperty({ format: 'date-time', description: 'When it reached this state' })
  at: string;
}

class ReportMiniApp {
  @ApiProperty({ type: String, nullable: true, example: 'city-bikes' })
  slug: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'City Bikes' })
  name: string | null;
  @ApiProperty({ type: [ReportGrant], description: 'Decisions in force (a scope not listed is not asked)' })
  grants: ReportGrant[];
  @ApiProperty({ type: [ReportDecision], description: 'Every decision, newest first' })
  history: ReportDecision[];
  @ApiProperty({ type: [ReportAccess], description: 'The latest brokered accesses (at most 100), newest first' })
  accesses: ReportAccess[];
  @ApiProperty({ example: 3, description: 'How many brokered accesses the report holds in all' })
  accessCount: number;
  @ApiProperty({ type: [ReportDomain], description: 'Origins reached through the proxy, most contacted first' })
  domains: ReportDomain[];
  @ApiProperty({ type: ReportLaunches, nullable: true })
  launches: ReportLaunches | null;
  @ApiProperty({ type: [ReportPayment], description: "Orders the user paid, at each one's latest state" })
  payments: ReportPayment[];
}

class ReportRetention {
  @ApiProperty({ enum: RECORD_KINDS })
  records: string;
  @ApiProperty({ example: '30 days (ACCESS_LOG_RETENTION_DAYS)', description: 'How long they are kept' })
  retention: string;
}

class PrivacyReportResponse {
  @ApiProperty({ format: 'date-time' })
  generatedAt: string;
  @ApiProperty({ type: [ReportMiniApp], description: 'Every mini-app the platform keeps something of the caller in' })
  miniApps: ReportMiniApp[];
  @ApiProperty({ type: [ReportRetention], description: 'When each kind of record is deleted' })
  retention: ReportRetention[];
}

/** Dates as ISO strings, deep. */
function serialised(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(serialised);
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, serialised(inner)]));
  return value;
}

/** The caller's privacy report. */
@ApiTags('privacy')
@Controller('privacy')
export class PrivacyReportController {
  constructor(private readonly queries: QueryBus) {}

  @Get('me')
  @ApiOperation({
    operationId: 'getPrivacyReport',
    summary: "The caller's privacy report: per mini-app, grants, accesses, origins reached, launches, payments",
    description:
      "What the platform keeps of the caller's use of each mini-app, in the spirit of Apple's App Privacy Report: the decisions in force with their purposes and the history of every decision, each brokered access (scope, when), the origins reached through the proxy (how often, last), launches (how many, last), payments (amount, currency, state, when), and when each kind of record is deleted. Withdraw a grant with DELETE /runtime/mini-apps/{slug}/grants/{scope}; forget a mini-app with DELETE /runtime/me/mini-apps/{slug}. Built from events: a change shows within moments.",
  })
  @ApiOkResponse({ type: PrivacyReportResponse })
  async report(@CurrentUser() caller: AuthenticatedUser): Promise<PrivacyReportResponse> {
    const report: PrivacyReport = await this.queries.execute(new GetPrivacyReport(caller.id));
    return serialised(report) as PrivacyReportResponse;
  }
}
