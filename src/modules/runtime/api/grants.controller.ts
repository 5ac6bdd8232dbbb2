import { Body, Controller, Delete, Get, HttpCode, Param, Put, Query } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import {
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { CurrentUser } from '../../../platform/auth/decorators';
import { PageQuery } from '../../../platform/http/page-query';
import type { AuthenticatedUser } from '../../../shared/kernel/authenticated-user';
import { decodeOffsetCursor, encodeCursor } from '../../../shared/kernel/cursor';
import { DecideConsent } from '../application/commands/decide-consent.command';
import { WithdrawConsent } from '../application/commands/withdraw-consent.command';
import { ListGrants } from '../application/queries/list-grants.query';
import { GetMiniAppGrants } from '../application/queries/mini-app-grants.query';
import { DecisionRequest, DecisionResponse, GrantsResponse, MiniAppGrantsResponse } from './dto/grants.dto';
import { ScopeStateResponse } from './dto/scope-state.response';

/** The user's consent settings: tri-state per mini-app × scope, bound to the purpose shown, with an append-only history. */
@ApiTags('runtime')
@Controller('runtime')
export class GrantsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Get('grants')
  @ApiOperation({
    operationId: 'listGrants',
    summary: "The caller's decisions in force across mini-apps (granted or denied; anything else is not asked)",
    description:
      "The caller's consent decisions in force across every mini-app, granted or denied (a scope not listed was never asked), cursor-paged.",
  })
  @ApiOkResponse({ type: GrantsResponse })
  async list(@CurrentUser() caller: AuthenticatedUser, @Query() query: PageQuery): Promise<GrantsResponse> {
    const limit = query.limit ?? 50;
    const offset = decodeOffsetCursor(query.cursor ?? null);
    const found = await this.queries.execute(new ListGrants(caller.id, { offset, limit: limit + 1 }));
    return {
      items: found.slice(0, limit).map((grant) => ({ miniApp: grant.slug, ...DecisionResponse.from(grant) })),
      nextCursor: found.length > limit ? encodeCursor(String(offset + limit)) : null,
    };
  }

  @Get('mini-apps/:slug/grants')
  @ApiOperation({
    operationId: 'getMiniAppGrants',
    summary: "One mini-app's scopes with the caller's state for each, and the history of every decision",
    description:
      "One mini-app's declared scopes with the caller's state for each (granted, denied, not asked), and the ledger of every decision with the purpose shown at the time.",
  })
  @ApiOkResponse({ type: MiniAppGrantsResponse })
  @ApiNotFoundResponse({ description: 'No such mini-app' })
  async ofMiniApp(
    @CurrentUser() caller: AuthenticatedUser,
    @Param('slug') slug: string,
  ): Promise<MiniAppGrantsResponse> {
    const grants = await this.queries.execute(new GetMiniAppGrants(caller.id, slug));
    return {
      miniApp: grants.slug,
      liveVersion: grants.liveVersion,
      scopes: grants.scopes,
      decisions: grants.decisions.map(DecisionResponse.from),
      history: grants.history.map((r) => ({
        scope: r.scope,
        action: r.action,
        purpose: r.purpose,
        manifestVersion: r.manifestVersion,
        at: r.at.toISOString(),
      })),
    };
  }

  @Put('mini-apps/:slug/grants/:scope')
  @ApiOperation({
    operationId: 'decideGrant',
    summary: 'Grant or deny a scope, for the purpose the live manifest states; a denial stands until changed here',
    description:
      'Grants or denies one scope of a mini-app, for the purpose its live manifest states; a denial stands until the user changes it here. A scope the mini-app does not declare answers 422.',
  })
  @ApiOkResponse({ type: ScopeStateResponse })
  @ApiNotFoundResponse({ description: 'No live mini-app has this slug' })
  @ApiUnprocessableEntityResponse({ description: 'scope-not-declared: the live manifest does not declare the scope' })
  async decide(
    @CurrentUser() caller: AuthenticatedUser,
    @Param('slug') slug: string,
    @Param('scope') scope: string,
    @Body() body: DecisionRequest,
  ): Promise<ScopeStateResponse> {
    return this.commands.execute(new DecideConsent(caller.id, slug, scope, body.decision));
  }

  @Delete('mini-apps/:slug/grants/:scope')
  @HttpCode(204)
  @ApiOperation({
    operationId: 'withdrawGrant',
    summary: 'Withdraw a grant (or clear a denial): the scope is not asked again',
    description: 'Withdraws a grant, or clears a denial: the scope is not asked again until the mini-app needs it.',
  })
  @ApiNoContentResponse({ description: 'Withdrawn, or there was nothing to withdraw' })
  @ApiNotFoundResponse({ description: 'No such mini-app' })
  async withdraw(
    @CurrentUser() caller: AuthenticatedUser,
    @Param('slug') slug: string,
    @Param('scope') scope: string,
  ): Promise<void> {
    await this.commands.execute(new WithdrawConsent(caller.id, slug, scope));
  }
}
