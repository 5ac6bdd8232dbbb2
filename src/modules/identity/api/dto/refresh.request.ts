import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';

export class RefreshRequest {
  @ApiProperty({ description: 'The refresh token from login or the previous refresh' })
  @IsString()
  @Length(16, 256)
  refreshToken: string;
}
