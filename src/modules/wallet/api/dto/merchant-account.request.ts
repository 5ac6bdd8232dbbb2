import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';
import { CurrencyCode } from './money-fields';

export class OpenMerchantAccountRequest {
  @CurrencyCode()
  currency: string;

  @ApiProperty({ example: 'Coffee Corner', minLength: 1, maxLength: 100 })
  @IsString()
  @Length(1, 100)
  name: string;
}
