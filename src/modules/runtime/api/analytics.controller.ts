import { Controller, Get, Param, Query } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import {
  ApiBadRequestResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiTooManyRequestsResponse,
} from '@nestjs/swagger';
import { CurrentUser, Roles } from '../../../platform/auth/decorators';
import type { AuthenticatedUser } from '../../../shared/kernel/authenticated-user';
import { ReleaseAnalytics } from '../application/commands/release-analytics.command';
import { AnalyticsQuery, AnalyticsResponse } from './dto/analytics.dto';

/** Usage counts of a mini-app for its developer, released only as safe aggregates (ADR 0028). */
@ApiTags('runtime')
@Controller('runtime')
export class AnalyticsController {
  constructor(private readonly commands: CommandBus) {}

  @Get('mini-apps/:slug/analytics')
  @Roles('developer')
  @ApiOperation({
    operationId: 'getMiniAppAnalytics',
    summary: "A usage metric of the caller's mini-app over whole days: suppressed below k = 10, noised, stable",
    description:
      "Daily users, launches, and grants or denials per scope of the caller's mini-app, over at most 31 whole days (UTC) that are over. Counts below k = 10 are withheld (null); the others carry discrete Laplace noise. The same query gets the same answer, free; each new answer spends PRIVACY_RELEASE_EPSILON of the mini-app's monthly ε budget (PRIVACY_EPSILON_BUDGET), and once that is spent new queries are refused until the next month. The mini-app's owner only (developer role).",
  })
  @ApiOkResponse({ type: AnalyticsResponse })
  @ApiBadRequestResponse({
    description: 'A metric not listed, a date that is not one, a range reversed, too long or not over',
  })
  @ApiNotFoundResponse({ description: 'No mini-app of yours has this slug' })
  @ApiTooManyRequestsResponse({
    description: "privacy-budget-spent: the mini-app's ε budget of this month is spent (Retry-After: when it renews)",
  })
  async analytics(
    @CurrentUser() caller: AuthenticatedUser,
    @Param('slug') slug: string,
    @Query() query: AnalyticsQuery,
  ): Promise<AnalyticsResponse> {
    const { releasedAt, ...released } = await this.commands.execute(
      new ReleaseAnalytics(caller.id, slug, query.metric, query.from, query.to),
    );
    return {
      miniApp: slug,
      metric: query.metric,
      from: query.from,
      to: query.to,
      ...released,
      releasedAt: releasedAt.toISOString(),
    };
  }
}
