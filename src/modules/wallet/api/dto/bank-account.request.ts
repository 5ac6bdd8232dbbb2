import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length, MaxLength } from 'class-validator';

export class AddBankAccountRequest {
  @ApiProperty({ example: 'DE89 3704 0044 0532 0130 00' })
  @IsString()
  @MaxLength(42)
  iban: string;

  @ApiProperty({ example: 'Ada King' })
  @IsString()
  @Length(1, 100)
  holderName: string;
}
