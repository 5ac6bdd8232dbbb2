import { Controller, Delete, HttpCode, Param } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiNoContentResponse, ApiNotFoundResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser } from '../../../platform/auth/decorators';
import type { AuthenticatedUser } from '../../../shared/kernel/authenticated-user';
import { ForgetMiniApp } from '../application/commands/forget-mini-app.command';

/** The user's own mini-apps: forgetting one. */
@ApiTags('runtime')
@Controller('runtime')
export class ForgetController {
  constructor(private readonly commands: CommandBus) {}

  @Delete('me/mini-apps/:slug')
  @HttpCode(204)
  @ApiOperation({
    operationId: 'forgetMiniApp',
    summary:
      'Make the platform forget a mini-app: its storage, grants and pairwise id for the caller go, and its backend is told',
    description:
      "In one transaction: the caller's decisions on the mini-app are withdrawn (the consent ledger keeps the proof), their storage, login codes, launches and access log in it are deleted, and their pairwise id in it is forgotten (a later launch gets a new one). The mini-app's backend gets a signed `user.forgot-mini-app` notice with the old id, and the privacy report drops the mini-app.",
  })
  @ApiNoContentResponse({ description: 'Forgotten' })
  @ApiNotFoundResponse({ description: 'No such mini-app' })
  async forget(@CurrentUser() caller: AuthenticatedUser, @Param('slug') slug: string): Promise<void> {
    await this.commands.execute(new ForgetMiniApp(caller.id, slug));
  }
}
