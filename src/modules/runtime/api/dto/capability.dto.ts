import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsString, IsUUID, Length, Max, Min } from 'class-validator';
import { SCOPES, type Scope } from '../../../../shared/contracts/review';
import { CONSENT_STATES } from './scope-state.response';

export class AccessRequest {
  @ApiProperty({ enum: SCOPES, description: 'What the shell is about to hand the mini-app' })
  @IsIn(SCOPES)
  scope: Scope;
}

export class AccessResponse {
  @ApiProperty({ enum: SCOPES })
  scope: string;
  @ApiProperty({ description: 'Whether the grant allows it: hand it over only when true' })
  allowed: boolean;
  @ApiProperty({
    enum: [...CONSENT_STATES, 'not-declared'],
    description:
      'not-asked: ask the user (PUT …/grants/{scope}); not-declared: the manifest does not declare it, nothing can allow it',
  })
  state: string;
}

export class ProfileResponse {
  @ApiProperty({ example: 'Ada' })
  displayName: string;
  @ApiPropertyOptional({ example: 'https://cdn.example.com/ada.png', description: 'Only when the user has one' })
  avatarUrl?: string;
}

export class LoadTimeRequest {
  @ApiProperty({
    minimum: 0,
    maximum: 600_000,
    description: 'Milliseconds from the launch until the mini-app was usable',
  })
  @IsInt()
  @Min(0)
  @Max(600_000)
  ms: number;
}

export class LoginCodeResponse {
  @ApiProperty({
    description: "One-time code for the mini-app's backend to exchange at POST /runtime/sessions/exchange",
  })
  code: string;
  @ApiProperty({ example: 60 })
  expiresIn: number;
}

export class ContactResponse {
  @ApiProperty({
    format: 'uuid',
    description: "The person's user id: for the shell's picker only, never handed to the mini-app",
  })
  userId: string;
  @ApiProperty({ example: 'Grace' })
  displayName: string;
}

export class ContactsResponse {
  @ApiProperty({
    type: [ContactResponse],
    description: 'People the user has paid or been paid by, the most recent first (at most 50)',
  })
  items: ContactResponse[];
}

export class PickContactRequest {
  @ApiProperty({ format: 'uuid', description: 'The userId of the contact the user picked' })
  @IsUUID()
  userId: string;
}

export class SharedContactResponse {
  @ApiProperty({ description: "The mini-app's own pairwise id for the picked person (not the platform's user id)" })
  openid: string;
  @ApiProperty({ example: 'Grace' })
  displayName: string;
}

export class FindRecipientRequest {
  @ApiProperty({
    description: "The mini-app's own id for the person to pay (superapp.requestTransfer's `to`)",
    maxLength: 100,
  })
  @IsString()
  @Length(1, 100)
  openid: string;
}

export class RecipientResponse {
  @ApiProperty({
    format: 'uuid',
    description: "The person's user id: for the shell's transfer sheet only, never handed to the mini-app",
  })
  userId: string;
  @ApiProperty({ example: 'Grace' })
  displayName: string;
}
