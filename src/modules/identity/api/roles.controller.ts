import { Body, Controller, Delete, Param, ParseEnumPipe, ParseUUIDPipe, Post, HttpCode } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import {
  ApiConflictResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import { Roles } from '../../../platform/auth/decorators';
import { ROLES, type Role } from '../../../shared/kernel/roles';
import { ChangeRole } from '../application/commands/change-role.command';
import { RoleRequest } from './dto/role.request';
import { UserResponse } from './dto/user.response';

// eslint-disable-next-line no-useless-assignment -- read in a parameter decorator, which the rule does not see
const roleEnum = Object.fromEntries(ROLES.map((r) => [r, r]));

@ApiTags('identity')
@Roles('admin')
@Controller('identity/users/:id/roles')
export class RolesController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @HttpCode(200)
  @ApiOperation({
    operationId: 'grantRole',
    summary: 'Grant a role (admin)',
    description: "Gives a user one of the platform's roles (admin role); the user's next access token carries it.",
  })
  @ApiOkResponse({ type: UserResponse })
  @ApiNotFoundResponse({ description: 'No such user' })
  async grant(@Param('id', new ParseUUIDPipe()) id: string, @Body() body: RoleRequest): Promise<UserResponse> {
    return UserResponse.from(await this.commands.execute(new ChangeRole(id, body.role, 'grant')));
  }

  @Delete(':role')
  @ApiOperation({
    operationId: 'revokeRole',
    summary: 'Revoke a role (admin)',
    description:
      'Takes a role back from a user (admin role). The base role `user` and the last admin cannot be revoked (409).',
  })
  @ApiParam({ name: 'role', enum: ROLES })
  @ApiOkResponse({ type: UserResponse })
  @ApiNotFoundResponse({ description: 'No such user' })
  @ApiConflictResponse({ description: 'The base role, or the last admin' })
  async revoke(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Param('role', new ParseEnumPipe(roleEnum)) role: Role,
  ): Promise<UserResponse> {
    return UserResponse.from(await this.commands.execute(new ChangeRole(id, role, 'revoke')));
  }
}
