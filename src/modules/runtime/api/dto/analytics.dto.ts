import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, Matches } from 'class-validator';
import { ANALYTICS_METRICS, type AnalyticsMetric } from '../../domain/analytics';

export class AnalyticsQuery {
  @ApiProperty({
    enum: ANALYTICS_METRICS,
    description:
      'daily-users: people who opened it, per day; launches: per day (at most 3 per person a day); grants, denials: people who decided so, per scope',
  })
  @IsIn(ANALYTICS_METRICS)
  metric: AnalyticsMetric;

  @ApiProperty({ example: '2026-11-01', description: 'First day (UTC), YYYY-MM-DD' })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'from must be YYYY-MM-DD' })
  from: string;

  @ApiProperty({
    example: '2026-11-30',
    description: 'Last day (UTC, included), over already; at most 31 days after from',
  })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'to must be YYYY-MM-DD' })
  to: string;
}

class AnalyticsValue {
  @ApiProperty({ example: '2026-11-01', description: 'The day (YYYY-MM-DD) or, for grants and denials, the scope' })
  key: string;
  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'The count with discrete Laplace noise; null when fewer than k (then `withheld` says so)',
  })
  value: number | null;
  @ApiPropertyOptional({ enum: ['fewer-than-k'] })
  withheld?: 'fewer-than-k';
}

class BudgetResponse {
  @ApiProperty({ example: '2026-12', description: 'The calendar month (UTC) the budget is for' })
  period: string;
  @ApiProperty({ example: '3', description: 'ε spent on new answers this month, this one included' })
  spent: string;
  @ApiProperty({ example: '10', description: 'ε the mini-app may spend a month (PRIVACY_EPSILON_BUDGET)' })
  total: string;
}

export class AnalyticsResponse {
  @ApiProperty({ example: 'city-bikes' })
  miniApp: string;
  @ApiProperty({ enum: ANALYTICS_METRICS })
  metric: string;
  @ApiProperty({ example: '2026-11-01' })
  from: string;
  @ApiProperty({ example: '2026-11-30' })
  to: string;
  @ApiProperty({ type: [AnalyticsValue] })
  values: AnalyticsValue[];
  @ApiProperty({ example: 10, description: 'Counts below k are withheld' })
  k: number;
  @ApiProperty({ example: '1', description: 'The privacy loss ε this answer spent when it was released (a decimal)' })
  epsilon: string;
  @ApiProperty({ example: '31', description: "The scale of each value's discrete Laplace noise (Δ/ε)" })
  scale: string;
  @ApiProperty({ description: 'When this answer was released: the same query gets the same answer, at no cost' })
  releasedAt: string;
  @ApiProperty({ type: BudgetResponse })
  budget: BudgetResponse;
}
