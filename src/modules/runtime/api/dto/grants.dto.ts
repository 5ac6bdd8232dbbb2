import { ApiProperty } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { SCOPES } from '../../../../shared/contracts/review';
import type { ConsentDecision } from '../../domain/consent';
import { ScopeStateResponse } from './scope-state.response';

export class DecisionRequest {
  @ApiProperty({ enum: ['granted', 'denied'] })
  @IsIn(['granted', 'denied'])
  decision: 'granted' | 'denied';
}

export class DecisionResponse {
  @ApiProperty({ enum: SCOPES })
  scope: string;
  @ApiProperty({ enum: ['granted', 'denied'] })
  state: string;
  @ApiProperty({ description: 'The purpose the user was shown when deciding' })
  purpose: string;
  @ApiProperty({ description: 'The manifest version the decision was made under' })
  manifestVersion: string;
  @ApiProperty()
  decidedAt: string;

  static from(d: ConsentDecision): DecisionResponse {
    return {
      scope: d.scope,
      state: d.state,
      purpose: d.purpose,
      manifestVersion: d.manifestVersion,
      decidedAt: d.decidedAt.toISOString(),
    };
  }
}

export class GrantResponse extends DecisionResponse {
  @ApiProperty({ example: 'city-bikes' })
  miniApp: string;
}

export class GrantsResponse {
  @ApiProperty({ type: [GrantResponse] })
  items: GrantResponse[];
  @ApiProperty({ nullable: true, type: String })
  nextCursor: string | null;
}

export class ConsentRecordResponse {
  @ApiProperty({ enum: SCOPES })
  scope: string;
  @ApiProperty({
    enum: ['granted', 'denied', 'withdrawn', 'expired'],
    description: 'expired: a new live version changed the purpose, the decision lapsed',
  })
  action: string;
  @ApiProperty({ description: 'The purpose the decision was made under' })
  purpose: string;
  @ApiProperty({ description: 'The manifest version in force (for expired: the one that made it lapse)' })
  manifestVersion: string;
  @ApiProperty()
  at: string;
}

export class MiniAppGrantsResponse {
  @ApiProperty({ example: 'city-bikes' })
  miniApp: string;
  @ApiProperty({
    nullable: true,
    type: String,
    description: 'The live version, whose manifest the scopes are from; null when nothing of it is live',
  })
  liveVersion: string | null;
  @ApiProperty({
    type: [ScopeStateResponse],
    description: "The live manifest's scopes with the caller's state for each",
  })
  scopes: ScopeStateResponse[];
  @ApiProperty({ type: [DecisionResponse], description: 'The decisions in force' })
  decisions: DecisionResponse[];
  @ApiProperty({ type: [ConsentRecordResponse], description: 'Every decision, withdrawal and lapse, oldest first' })
  history: ConsentRecordResponse[];
}
