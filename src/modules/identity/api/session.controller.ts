import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiConflictResponse, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags, ApiTooManyRequestsResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { CurrentUser, Public } from '../../../platform/auth/decorators';
import { StrictRateLimit } from '../../../platform/http/rate-limit/strict-rate-limit.decorator';
import type { AuthenticatedUser } from '../../../shared/kernel/authenticated-user';
import { LogIn } from '../application/commands/log-in.command';
import { LogOut } from '../application/commands/log-out.command';
import { RefreshSession } from '../application/commands/refresh-session.command';
import { RegisterUser } from '../application/commands/register-user.command';
import { LoginRequest } from './dto/login.request';
import { RefreshRequest } from './dto/refresh.request';
import { RegisterRequest } from './dto/register.request';
import { TokenResponse } from './dto/token.response';
import { UserResponse } from './dto/user.response';

@ApiTags('identity')
@Controller('identity')
export class SessionController {
  constructor(private readonly commands: CommandBus) {}

  @Public()
  @StrictRateLimit()
  @Post('register')
  @ApiOperation({ summary: 'Create an account' })
  @ApiCreatedResponse({ type: UserResponse })
  @ApiConflictResponse({ description: 'The e-mail address is already registered' })
  async register(@Body() body: RegisterRequest): Promise<UserResponse> {
    return UserResponse.from(await this.commands.execute(new RegisterUser(body.email, body.password, body.displayName)));
  }

  @Public()
  @StrictRateLimit()
  @Post('login')
  @HttpCode(200)
  @ApiOperation({ summary: 'Exchange e-mail and password for an access and a refresh token' })
  @ApiOkResponse({ type: TokenResponse })
  @ApiUnauthorizedResponse({ description: 'Wrong e-mail or password (the answer does not say which)' })
  @ApiTooManyRequestsResponse({ description: 'Too many attempts, or the account is locked for a while after repeated failures' })
  login(@Body() body: LoginRequest): Promise<TokenResponse> {
    return this.commands.execute(new LogIn(body.email, body.password));
  }

  // Not under the strict limit: refresh tokens are unguessable, and many users behind one NAT refresh every few minutes.
  @Public()
  @Post('token/refresh')
  @HttpCode(200)
  @ApiOperation({ summary: 'Rotate the refresh token and get a new access token; a reused token ends the session' })
  @ApiOkResponse({ type: TokenResponse })
  @ApiUnauthorizedResponse({ description: 'Unknown, expired, revoked or reused refresh token' })
  refresh(@Body() body: RefreshRequest): Promise<TokenResponse> {
    return this.commands.execute(new RefreshSession(body.refreshToken));
  }

  @Post('logout')
  @HttpCode(204)
  @ApiOperation({ summary: 'End the session that the refresh token belongs to' })
  @ApiNoContentResponse({ description: 'The session is ended (also when it already was)' })
  async logout(@CurrentUser() user: AuthenticatedUser, @Body() body: RefreshRequest): Promise<void> {
    await this.commands.execute(new LogOut(user.id, body.refreshToken));
  }
}
