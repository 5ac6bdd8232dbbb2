import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import {
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiPayloadTooLargeResponse,
  ApiResponse,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { CurrentUser } from '../../../platform/auth/decorators';
import type { AuthenticatedUser } from '../../../shared/kernel/authenticated-user';
import { ProxyRequest } from '../application/commands/proxy-request.command';
import { ProxyRequestBody, ProxyResponse } from './dto/proxy.dto';
import { LAUNCH_NOT_FOUND } from './launches.controller';

@ApiTags('runtime')
@Controller('runtime/launches')
export class ProxyController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':launchId/requests')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'proxyRequest',
    summary:
      "superapp.request(): the platform calls the mini-app's backend (https, declared domains, public addresses only; 10 s; 1 MiB each way; RUNTIME_PROXY_REQUESTS_PER_MINUTE per launch) with X-Superapp-Openid and a signed X-Superapp-Signature",
    description:
      "For superapp.request(): the platform makes the HTTPS call on the mini-app's behalf, only to a domain its manifest declares and only to public addresses (checked on connect), with the user's pairwise id and a signed request token; redirects are followed only within the declared domains. The backend's answer comes back whatever its status; the platform's own refusals are problems.",
  })
  @ApiOkResponse({ type: ProxyResponse, description: "The backend's answer, whatever its status" })
  @ApiForbiddenResponse({
    description: 'address-not-public: the domain resolves to a loopback, private, link-local or reserved address',
  })
  @ApiNotFoundResponse({ description: LAUNCH_NOT_FOUND })
  @ApiPayloadTooLargeResponse({ description: 'request-body-too-large: more than 1 MiB' })
  @ApiUnprocessableEntityResponse({ description: 'domain-not-declared or https-required' })
  @ApiResponse({
    status: 502,
    description: 'redirect-not-declared, upstream-response-too-large or upstream-unreachable',
  })
  @ApiResponse({ status: 504, description: 'upstream-timeout: no answer within 10 s' })
  async request(
    @CurrentUser() caller: AuthenticatedUser,
    @Param('launchId') launchId: string,
    @Body() body: ProxyRequestBody,
  ): Promise<ProxyResponse> {
    const payload =
      body.body === undefined ? null : Buffer.from(body.body, body.bodyEncoding === 'base64' ? 'base64' : 'utf8');
    return this.commands.execute(
      new ProxyRequest(caller.id, launchId, {
        url: body.url,
        method: body.method,
        headers: body.headers ?? {},
        body: payload,
      }),
    );
  }
}
