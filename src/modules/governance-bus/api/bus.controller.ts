import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiConflictResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { Roles } from '../../../platform/auth/decorators';
import { notFound } from '../../../shared/kernel/problem';
import { BusOperations } from '../application/bus-operations';
import { DeliveriesQuery, EventsQuery, ReplayRequest, RetryFilter } from './dto/bus-queries';
import { modulesSchema } from './dto/modules-view.schema';

const DEFAULT_LIMIT = 50;
const pageSchema = {
  type: 'object',
  properties: { items: { type: 'array', items: { type: 'object' } }, nextCursor: { type: 'string', nullable: true } },
};

@ApiTags('bus')
@Roles('admin')
@Controller('bus')
export class BusController {
  constructor(private readonly bus: BusOperations) {}

  @Get('catalogue')
  @ApiOperation({
    operationId: 'listEventTypes',
    summary: 'Event types with owner, versions, payload JSON Schema and subscribers (admin)',
    description:
      'Every integration event type the platform knows: its owning module, versions, the JSON Schema of each payload version and the subscribers that receive it. For operators (admin role).',
  })
  @ApiOkResponse({ schema: { type: 'object', properties: { items: { type: 'array', items: { type: 'object' } } } } })
  catalogue() {
    return this.bus.catalogueView();
  }

  @Get('modules')
  @ApiOperation({
    operationId: 'listModules',
    summary:
      'Every module: its events, commands, queries, schema, settings, personal data and extraction verdict (admin)',
    description:
      "The architects' view, made from each module's declaration (`src/modules/<m>/<m>.contract.ts`): events published (with their subscribers) and consumed, commands and queries handled and sent (with the module at the other end), its schema, the settings it reads, the personal data it holds, whether this process runs it, and what would break if it ran in a process of its own. For operators (admin role).",
  })
  @ApiOkResponse({ schema: modulesSchema })
  modules() {
    return this.bus.modulesView();
  }

  @Get('events')
  @ApiOperation({
    operationId: 'listEvents',
    summary: 'Published events, newest first (admin)',
    description:
      'Events recorded in the outbox, newest first, optionally filtered, cursor-paged. For operators (admin role).',
  })
  @ApiOkResponse({ schema: pageSchema })
  events(@Query() query: EventsQuery) {
    const since = query.since ? new Date(query.since) : undefined;
    return this.bus.listEvents(
      { type: query.type, key: query.key, since },
      query.limit ?? DEFAULT_LIMIT,
      query.cursor ?? null,
    );
  }

  @Get('events/:id')
  @ApiOperation({
    operationId: 'getEvent',
    summary: 'One event with its deliveries (admin)',
    description:
      'One event with its payload and every delivery of it (state, attempts, last error). For operators (admin role).',
  })
  @ApiOkResponse({
    schema: {
      type: 'object',
      properties: { event: { type: 'object' }, deliveries: { type: 'array', items: { type: 'object' } } },
    },
  })
  @ApiNotFoundResponse({ description: 'No such event' })
  event(@Param('id', new ParseUUIDPipe()) id: string) {
    return this.bus.getEvent(id);
  }

  @Get('deliveries')
  @ApiOperation({
    operationId: 'listDeliveries',
    summary: 'Deliveries by state, subscriber or event type, newest first (admin); failed = the dead-letter list',
    description:
      'Deliveries filtered by state, subscriber or event type, newest first; `status=failed` is the dead-letter list. For operators (admin role).',
  })
  @ApiOkResponse({ schema: pageSchema })
  deliveries(@Query() query: DeliveriesQuery) {
    return this.bus.listDeliveries(
      { status: query.status, subscriber: query.subscriber, type: query.type },
      query.limit ?? DEFAULT_LIMIT,
      query.cursor ?? null,
    );
  }

  @Post('deliveries/retry')
  @HttpCode(202)
  @ApiOperation({
    operationId: 'retryFailedDeliveries',
    summary: 'Resubmit every failed delivery matching the filter (admin)',
    description:
      'Puts every failed delivery that matches the filter back to pending with fresh attempts, and answers the ids resubmitted. For operators (admin role).',
  })
  @ApiAcceptedResponse({
    schema: { type: 'object', properties: { resubmitted: { type: 'array', items: { type: 'string' } } } },
  })
  retryMany(@Body() filter: RetryFilter) {
    return this.bus.retryMany(filter);
  }

  @Post('deliveries/:id/retry')
  @HttpCode(202)
  @ApiOperation({
    operationId: 'retryDelivery',
    summary: 'Resubmit one failed delivery (admin)',
    description:
      'Puts one failed delivery back to pending with fresh attempts; a delivery that has not failed answers 409. For operators (admin role).',
  })
  @ApiParam({ name: 'id', description: 'delivery id' })
  @ApiAcceptedResponse({
    schema: { type: 'object', properties: { resubmitted: { type: 'array', items: { type: 'string' } } } },
  })
  @ApiNotFoundResponse({ description: 'Not a delivery id' })
  @ApiConflictResponse({ description: 'No such delivery, or it is not failed' })
  retryOne(@Param('id') id: string) {
    if (!/^\d{1,18}$/.test(id)) throw notFound('The delivery'); // ids are positive integers; anything else names no delivery
    return this.bus.retryOne(id);
  }

  @Post('events/:id/replay')
  @HttpCode(202)
  @ApiOperation({
    operationId: 'replayEvent',
    summary: 'Deliver an event again to one subscriber (admin)',
    description:
      'Delivers a recorded event again to one of its subscribers, as a new delivery; a subscriber the event type does not have answers 422. For operators (admin role).',
  })
  @ApiAcceptedResponse({ schema: { type: 'object', properties: { deliveryId: { type: 'string' } } } })
  @ApiNotFoundResponse({ description: 'No such event' })
  @ApiUnprocessableEntityResponse({ description: 'The subscriber does not listen to this event' })
  @ApiConflictResponse({ description: 'The delivery is still open' })
  replay(@Param('id', new ParseUUIDPipe()) id: string, @Body() body: ReplayRequest) {
    return this.bus.replay(id, body.subscriber);
  }
}
