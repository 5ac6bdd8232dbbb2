import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength } from 'class-validator';
import { SCOPES } from '../../../../shared/contracts/review';

export class ExchangeRequest {
  @ApiProperty({ description: 'The code superapp.login() gave the mini-app' })
  @IsString()
  @MaxLength(200)
  code: string;
}

export class SessionResponse {
  @ApiProperty({ description: "The user's pairwise id in this mini-app: stable, and different in every mini-app" })
  openid: string;
  @ApiProperty({ enum: SCOPES, isArray: true, description: 'The scopes the user has granted the mini-app' })
  scopes: string[];
}

export class CredentialsResponse {
  @ApiProperty({ example: 'city-bikes', description: "client_id: the mini-app's slug" })
  clientId: string;
  @ApiProperty({ description: 'client_secret: shown this once; only its hash is kept' })
  clientSecret: string;
  @ApiProperty({
    nullable: true,
    type: String,
    description: 'Until when the secret this one replaced keeps working (null for the first one)',
  })
  previousSecretValidUntil: string | null;
}
