import { Body, Controller, Delete, Get, HttpCode, Param, Put } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import {
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { CurrentUser, Roles } from '../../../platform/auth/decorators';
import type { AuthenticatedUser } from '../../../shared/kernel/authenticated-user';
import {
  GetNoticeEndpoint,
  type NoticeEndpoint,
  RemoveNoticeEndpoint,
  SetNoticeEndpoint,
} from '../application/commands/notice-endpoint.command';
import { NoticeEndpointRequest, NoticeEndpointResponse } from './dto/notice-endpoint.dto';

const NOTICES =
  'The platform POSTs it a compact JWS (`application/jwt`, `typ: superapp-notice+jwt`, signed with the key of GET /runtime/jwks.json) when a user makes the platform forget the mini-app (`user.forgot-mini-app`) or has their account erased (`user.erased`); the subject is the user’s pairwise id. See docs/sdk.md.';

const toResponse = ({ url, updatedAt }: NoticeEndpoint): NoticeEndpointResponse => ({
  url,
  updatedAt: updatedAt.toISOString(),
});

/** Where a mini-app's backend hears about its users leaving: its owner sets it. */
@ApiTags('runtime')
@Controller('runtime')
export class NoticeEndpointController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Put('mini-apps/:slug/notice-endpoint')
  @Roles('developer')
  @ApiOperation({
    operationId: 'setNoticeEndpoint',
    summary: "Set the URL the mini-app's backend takes signed notices about its users at (its owner)",
    description: `Sets the notice endpoint of the caller's mini-app: an https URL on a domain its live manifest declares. ${NOTICES} The mini-app's owner only (developer role).`,
  })
  @ApiOkResponse({ type: NoticeEndpointResponse })
  @ApiNotFoundResponse({ description: 'No mini-app of yours has this slug' })
  @ApiUnprocessableEntityResponse({
    description:
      'https-required, domain-not-declared, invalid-url: the URL is not an https URL on a declared domain; mini-app-not-live: nothing of it is live',
  })
  async set(
    @CurrentUser() caller: AuthenticatedUser,
    @Param('slug') slug: string,
    @Body() body: NoticeEndpointRequest,
  ): Promise<NoticeEndpointResponse> {
    return toResponse(await this.commands.execute(new SetNoticeEndpoint(caller.id, slug, body.url)));
  }

  @Get('mini-apps/:slug/notice-endpoint')
  @Roles('developer')
  @ApiOperation({
    operationId: 'getNoticeEndpoint',
    summary: "The mini-app's notice endpoint (its owner)",
    description: `The notice endpoint of the caller's mini-app. ${NOTICES}`,
  })
  @ApiOkResponse({ type: NoticeEndpointResponse })
  @ApiNotFoundResponse({ description: 'No mini-app of yours has this slug, or it has no notice endpoint' })
  async get(@CurrentUser() caller: AuthenticatedUser, @Param('slug') slug: string): Promise<NoticeEndpointResponse> {
    return toResponse(await this.queries.execute(new GetNoticeEndpoint(caller.id, slug)));
  }

  @Delete('mini-apps/:slug/notice-endpoint')
  @Roles('developer')
  @HttpCode(204)
  @ApiOperation({
    operationId: 'removeNoticeEndpoint',
    summary: "Remove the mini-app's notice endpoint (its owner): notices are then recorded, not sent",
    description:
      "Removes the notice endpoint of the caller's mini-app: notices are then recorded as no-endpoint and not sent, pending ones included.",
  })
  @ApiNoContentResponse({ description: 'Removed, or there was none' })
  @ApiNotFoundResponse({ description: 'No mini-app of yours has this slug' })
  async remove(@CurrentUser() caller: AuthenticatedUser, @Param('slug') slug: string): Promise<void> {
    await this.commands.execute(new RemoveNoticeEndpoint(caller.id, slug));
  }
}
