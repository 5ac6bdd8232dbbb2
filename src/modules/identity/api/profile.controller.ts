import { Body, Controller, Get, Patch } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser } from '../../../platform/auth/decorators';
import type { AuthenticatedUser } from '../../../shared/kernel/authenticated-user';
import { UpdateProfile } from '../application/commands/update-profile.command';
import { GetUser } from '../application/queries/get-user.query';
import { UpdateProfileRequest } from './dto/update-profile.request';
import { UserResponse } from './dto/user.response';

@ApiTags('identity')
@Controller('identity/me')
export class ProfileController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Get()
  @ApiOperation({
    operationId: 'getCurrentUser',
    summary: "The caller's account",
    description: "The authenticated caller's account: id, e-mail address, display name, profile and roles.",
  })
  @ApiOkResponse({ type: UserResponse })
  async me(@CurrentUser() caller: AuthenticatedUser): Promise<UserResponse> {
    return UserResponse.from(await this.queries.execute(new GetUser(caller.id)));
  }

  @Patch()
  @ApiOperation({
    operationId: 'updateProfile',
    summary: 'Change display name, locale or avatar URL',
    description:
      "Changes the caller's display name, locale or avatar URL; fields left out keep their value. Other modules learn of it through `identity.profile-updated`.",
  })
  @ApiOkResponse({ type: UserResponse })
  async update(@CurrentUser() caller: AuthenticatedUser, @Body() body: UpdateProfileRequest): Promise<UserResponse> {
    return UserResponse.from(await this.commands.execute(new UpdateProfile(caller.id, body)));
  }
}
