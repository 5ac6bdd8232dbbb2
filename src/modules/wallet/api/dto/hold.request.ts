import { ApiProperty } from '@nestjs/swagger';
import { IsInt, IsUUID, Max, Min, ValidateIf } from 'class-validator';
import { Amount, CurrencyCode } from './money-fields';

export class PlaceHoldRequest {
  @Amount()
  amount: number;

  @CurrencyCode()
  currency: string;

  @ApiProperty({ format: 'uuid', description: "The account to be paid on capture (a merchant's or a user's)" })
  @IsUUID('all', { message: 'must be an account id (UUID)' })
  payeeAccountId: string;

  @ApiProperty({
    example: 900,
    minimum: 1,
    maximum: 604800,
    description: 'Released automatically after this many seconds (at most 7 days)',
  })
  @IsInt()
  @Min(1)
  @Max(604_800)
  expiresInSeconds: number;
}

export class CaptureHoldRequest {
  /** Absent: the whole hold. */
  // Absent is allowed; null is not a number of minor units and is refused like any other wrong value.
  @ValidateIf((_, value) => value !== undefined)
  @Amount({ required: false })
  amount?: number;
}
