import { Controller, Get, Header } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from './decorators';
import { KeyRing } from './key-ring';

@ApiTags('auth')
@Controller('.well-known')
export class JwksController {
  constructor(private readonly keys: KeyRing) {}

  @Public()
  @Get('jwks.json')
  @Header('Cache-Control', 'public, max-age=300')
  @ApiOperation({
    operationId: 'getJwks',
    summary: 'Public keys that verify access tokens (JWKS, RFC 7517)',
    description:
      "The public keys (JWKS, ES256) that verify the platform's access tokens, including retired ones still valid during a rotation. Public, cacheable for 5 minutes.",
  })
  @ApiOkResponse({
    description: 'The JSON Web Key Set',
    schema: { type: 'object', properties: { keys: { type: 'array', items: { type: 'object' } } } },
  })
  jwks() {
    return this.keys.jwks();
  }
}
