import { ApiProperty } from '@nestjs/swagger';
import { Trim } from './trim';
import { IsEmail, IsString, Length, MaxLength } from 'class-validator';

export class LoginRequest {
  @ApiProperty({ example: 'ada@example.com' })
  @Trim()
  @IsEmail({}, { message: 'must be an e-mail address' })
  @MaxLength(254)
  email: string;

  @ApiProperty({ example: 'correct horse battery staple' })
  @IsString()
  @Length(1, 512)
  password: string;
}
