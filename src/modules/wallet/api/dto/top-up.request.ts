import { ApiProperty } from '@nestjs/swagger';
import { IsUUID } from 'class-validator';
import { Amount, CurrencyCode } from './money-fields';

export class TopUpRequest {
  @ApiProperty({ format: 'uuid', description: 'A card or bank account of yours (POST /wallet/instruments/...)' })
  @IsUUID('all', { message: 'must be an instrument id (UUID)' })
  instrumentId: string;

  @Amount()
  amount: number;

  @CurrencyCode()
  currency: string;
}
