import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, IsString, Length, Matches, Max, MaxLength, Min } from 'class-validator';

export class AddCardRequest {
  @ApiProperty({
    example: '4242 4242 4242 4242',
    description: 'Sandbox: 4242… pays; 4000 0000 0000 0002 is declined, …9995 has insufficient funds, …0069 is expired',
  })
  @IsString()
  @Matches(/^[\d\s-]{12,23}$/, { message: 'must be the card number (digits, spaces allowed)' })
  number: string;

  @ApiProperty({ example: 12, minimum: 1, maximum: 12 })
  @IsInt()
  @Min(1)
  @Max(12)
  expMonth: number;

  @ApiProperty({ example: 2030, minimum: 2000, maximum: 2100 })
  @IsInt()
  @Min(2000)
  @Max(2100)
  expYear: number;

  @ApiProperty({ example: '123', description: 'Checked, passed to the provider, never stored' })
  @IsString()
  @Length(3, 4)
  cvc: string;

  @ApiPropertyOptional({ example: 'Ada King', maxLength: 100 })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  holderName?: string;
}
