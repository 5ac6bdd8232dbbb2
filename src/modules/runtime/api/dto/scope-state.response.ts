import { ApiProperty } from '@nestjs/swagger';
import { SCOPES } from '../../../../shared/contracts/review';

export const CONSENT_STATES = ['granted', 'denied', 'not-asked'] as const;

export class ScopeStateResponse {
  @ApiProperty({ enum: SCOPES })
  scope: string;
  @ApiProperty({
    example: 'Show the bike stations near you',
    description: "The live manifest's purpose, as the user is shown it",
  })
  purpose: string;
  @ApiProperty({ enum: CONSENT_STATES, description: 'not-asked: no decision under this purpose (ask the user)' })
  state: string;
}
