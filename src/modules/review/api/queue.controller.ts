import { Controller, Get, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiTags, PickType } from '@nestjs/swagger';
import { Roles } from '../../../platform/auth/decorators';
import { REVIEW_ROLES } from '../../../shared/kernel/roles';
import { PageQuery } from '../../../platform/http/page-query';
import { GetReviewQueue } from '../application/queries/review-queue.query';
import { VersionResponse } from './dto/review.responses';

/** Only a limit: the queue is short by design (what waits for a person), oldest first. */
class QueueQuery extends PickType(PageQuery, ['limit'] as const) {}

class QueuedVersionResponse extends VersionResponse {
  @ApiProperty({ example: 'city-bikes' })
  slug: string;
}

class QueueResponse {
  @ApiProperty({ type: [QueuedVersionResponse] })
  items: QueuedVersionResponse[];
}

@ApiTags('review')
@Controller('review/queue')
export class QueueController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  @Roles(...REVIEW_ROLES)
  @ApiOperation({
    operationId: 'listReviewQueue',
    summary: 'Versions waiting for a reviewer, oldest first, with their findings',
    description:
      'Versions waiting for a reviewer, oldest first, with their findings, cursor-paged (reviewer or admin role).',
  })
  @ApiOkResponse({ type: QueueResponse })
  async queue(@Query() query: QueueQuery): Promise<QueueResponse> {
    const versions = await this.queries.execute(new GetReviewQueue(query.limit ?? 50));
    return { items: versions.map((v) => ({ ...VersionResponse.from(v), slug: v.slug })) };
  }
}
