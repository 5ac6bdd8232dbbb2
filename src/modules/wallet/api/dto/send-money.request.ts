import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { Amount, CurrencyCode } from './money-fields';

export class SendMoneyRequest {
  @ApiProperty({ format: 'uuid', description: 'The user to pay' })
  @IsUUID('all', { message: 'must be a user id (UUID)' })
  toUserId: string;

  @Amount()
  amount: number;

  @CurrencyCode()
  currency: string;

  @ApiPropertyOptional({ maxLength: 140, example: 'Dinner' })
  @IsOptional()
  @IsString()
  @MaxLength(140)
  note?: string;
}
