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
  @ApiOperation({ summary: 'The caller\'s account' })
  @ApiOkResponse({ type: UserResponse })
  async me(@CurrentUser() caller: AuthenticatedUser): Promise<UserResponse> {
    return UserResponse.from(await this.queries.execute(new GetUser(caller.id)));
  }

  @Patch()
  @ApiOperation({ summary: 'Change display name, locale or avatar URL' })
  @ApiOkResponse({ type: UserResponse })
  async update(@CurrentUser() caller: AuthenticatedUser, @Body() body: UpdateProfileRequest): Promise<UserResponse> {
    return UserResponse.from(await this.commands.execute(new UpdateProfile(caller.id, body)));
  }
}
