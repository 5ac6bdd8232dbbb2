import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiAcceptedResponse, ApiConflictResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { Roles } from '../../../platform/auth/decorators';
import { notFound } from '../../../shared/kernel/problem';
import { BusOperations } from '../application/bus-operations';
import { DeliveriesQuery, EventsQuery, ReplayRequest, RetryFilter } from './dto/bus-queries';

const DEFAULT_LIMIT = 50;
const pageSchema = { type: 'object', properties: { items: { type: 'array', items: { type: 'object' } }, nextCursor: { type: 'string', nullable: true } } };

@ApiTags('bus')
@Roles('admin')
@Controller('bus')
export class BusController {
  constructor(private readonly bus: BusOperations) {}

  @Get('catalogue')
  @ApiOperation({ summary: 'Event types with owner, versions, payload JSON Schema and subscribers (admin)' })
  @ApiOkResponse({ schema: { type: 'object', properties: { items: { type: 'array', items: { type: 'object' } } } } })
  catalogue() {
    return this.bus.catalogueView();
  }

  @Get('events')
  @ApiOperation({ summary: 'Published events, newest first (admin)' })
  @ApiOkResponse({ schema: pageSchema })
  events(@Query() query: EventsQuery) {
    const since = query.since ? new Date(query.since) : undefined;
    return this.bus.listEvents({ type: query.type, key: query.key, since }, query.limit ?? DEFAULT_LIMIT, query.cursor ?? null);
  }

  @Get('events/:id')
  @ApiOperation({ summary: 'One event with its deliveries (admin)' })
  @ApiOkResponse({ schema: { type: 'object', properties: { event: { type: 'object' }, deliveries: { type: 'array', items: { type: 'object' } } } } })
  @ApiNotFoundResponse({ description: 'No such event' })
  event(@Param('id', new ParseUUIDPipe()) id: string) {
    return this.bus.getEvent(id);
  }

  @Get('deliveries')
  @ApiOperation({ summary: 'Deliveries by state, subscriber or event type, newest first (admin); failed = the dead-letter list' })
  @ApiOkResponse({ schema: pageSchema })
  deliveries(@Query() query: DeliveriesQuery) {
    return this.bus.listDeliveries({ status: query.status, subscriber: query.subscriber, type: query.type }, query.limit ?? DEFAULT_LIMIT, query.cursor ?? null);
  }

  @Post('deliveries/retry')
  @HttpCode(202)
  @ApiOperation({ summary: 'Resubmit every failed delivery matching the filter (admin)' })
  @ApiAcceptedResponse({ schema: { type: 'object', properties: { resubmitted: { type: 'array', items: { type: 'string' } } } } })
  retryMany(@Body() filter: RetryFilter) {
    return this.bus.retryMany(filter);
  }

  @Post('deliveries/:id/retry')
  @HttpCode(202)
  @ApiOperation({ summary: 'Resubmit one failed delivery (admin)' })
  @ApiParam({ name: 'id', description: 'delivery id' })
  @ApiAcceptedResponse({ schema: { type: 'object', properties: { resubmitted: { type: 'array', items: { type: 'string' } } } } })
  @ApiNotFoundResponse({ description: 'Not a delivery id' })
  @ApiConflictResponse({ description: 'No such delivery, or it is not failed' })
  retryOne(@Param('id') id: string) {
    if (!/^\d{1,18}$/.test(id)) throw notFound('The delivery'); // ids are positive integers; anything else names no delivery
    return this.bus.retryOne(id);
  }

  @Post('events/:id/replay')
  @HttpCode(202)
  @ApiOperation({ summary: 'Deliver an event again to one subscriber (admin)' })
  @ApiAcceptedResponse({ schema: { type: 'object', properties: { deliveryId: { type: 'string' } } } })
  @ApiNotFoundResponse({ description: 'No such event' })
  @ApiUnprocessableEntityResponse({ description: 'The subscriber does not listen to this event' })
  @ApiConflictResponse({ description: 'The delivery is still open' })
  replay(@Param('id', new ParseUUIDPipe()) id: string, @Body() body: ReplayRequest) {
    return this.bus.replay(id, body.subscriber);
  }
}
