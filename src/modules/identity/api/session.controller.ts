import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import {
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
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
  @ApiOperation({
    operationId: 'registerUser',
    summary: 'Create an account',
    description:
      'Creates an account from an e-mail address, a password (long enough and not a common one) and a display name; every account holds the `user` role. Public, and under the strict per-IP rate limit.',
  })
  @ApiCreatedResponse({ type: UserResponse })
  @ApiConflictResponse({ description: 'The e-mail address is already registered' })
  async register(@Body() body: RegisterRequest): Promise<UserResponse> {
    return UserResponse.from(
      await this.commands.execute(new RegisterUser(body.email, body.password, body.displayName)),
    );
  }

  @Public()
  @StrictRateLimit()
  @Post('login')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'logIn',
    summary: 'Exchange e-mail and password for an access and a refresh token',
    description:
      'Checks e-mail and password and answers a short-lived access token (a JWT for `Authorization: Bearer`) and a refresh token. Repeated failures lock the address for a growing time. Public, and under the strict per-IP rate limit.',
  })
  @ApiOkResponse({ type: TokenResponse })
  @ApiUnauthorizedResponse({ description: 'Wrong e-mail or password (the answer does not say which)' })
  @ApiTooManyRequestsResponse({
    description: 'Too many attempts, or the account is locked for a while after repeated failures',
  })
  login(@Body() body: LoginRequest): Promise<TokenResponse> {
    return this.commands.execute(new LogIn(body.email, body.password));
  }

  // Not under the strict limit: refresh tokens are unguessable, and many users behind one NAT refresh every few minutes.
  @Public()
  @Post('token/refresh')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'refreshSession',
    summary: 'Rotate the refresh token and get a new access token; a reused token ends the session',
    description:
      'Exchanges a refresh token for a new access token and a new refresh token (rotation). A refresh token presented after it was rotated ends the whole session: someone else has a copy. Public: the refresh token is the credential.',
  })
  @ApiOkResponse({ type: TokenResponse })
  @ApiUnauthorizedResponse({ description: 'Unknown, expired, revoked or reused refresh token' })
  refresh(@Body() body: RefreshRequest): Promise<TokenResponse> {
    return this.commands.execute(new RefreshSession(body.refreshToken));
  }

  @Post('logout')
  @HttpCode(204)
  @ApiOperation({
    operationId: 'logOut',
    summary: 'End the session that the refresh token belongs to',
    description:
      'Ends the session the given refresh token belongs to, so none of its refresh tokens works again; access tokens already issued run out on their own.',
  })
  @ApiNoContentResponse({ description: 'The session is ended (also when it already was)' })
  async logout(@CurrentUser() user: AuthenticatedUser, @Body() body: RefreshRequest): Promise<void> {
    await this.commands.execute(new LogOut(user.id, body.refreshToken));
  }
}
