import { ApiProperty } from '@nestjs/swagger';

export class TokenResponse {
  @ApiProperty({ description: 'ES256 JWT for the Authorization header' })
  accessToken: string;

  @ApiProperty({ description: 'Opaque; rotates on every refresh, and a reused one ends the session' })
  refreshToken: string;

  @ApiProperty({ enum: ['Bearer'] })
  tokenType: 'Bearer';

  @ApiProperty({ description: 'Seconds until the access token expires', example: 900 })
  expiresIn: number;
}
