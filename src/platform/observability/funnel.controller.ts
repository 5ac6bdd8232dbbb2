import { Controller, HttpCode, Post } from '@nestjs/common';
import { ApiNoContentResponse, ApiOperation, ApiTags, ApiTooManyRequestsResponse } from '@nestjs/swagger';
import { Public } from '../auth/decorators';
import { BeaconRateLimit } from '../http/rate-limit/strict-rate-limit.decorator';
import { SignupFunnel } from './signup-funnel';

@ApiTags('operations')
@Controller('funnel')
export class FunnelController {
  constructor(private readonly funnel: SignupFunnel) {}

  @Public()
  @BeaconRateLimit()
  @Post('shell-opened')
  @HttpCode(204)
  @ApiOperation({
    operationId: 'reportShellOpened',
    summary:
      "The shell's first opening in a browser: the signup funnel's first step (the shell sends it once per browser; nothing about the person is sent or kept). Anonymous, so an estimate: at most 10 per client IP an hour count",
    description:
      'Counted in user_signup_funnel_total{step="shell_opened"}. Public, and limited to 10 per client address an hour, so the step is an estimate; the other steps are counted once per person.',
  })
  @ApiNoContentResponse({ description: 'Counted' })
  @ApiTooManyRequestsResponse({ description: 'rate-limited' })
  shellOpened(): void {
    this.funnel.reached('shell_opened');
  }
}
