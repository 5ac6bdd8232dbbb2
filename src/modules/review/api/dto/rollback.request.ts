import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';

export class RollbackRequest {
  @ApiProperty({ example: '1.1.0', description: 'A version of this mini-app that was published before' })
  @IsString()
  @Length(1, 64)
  version: string;
}
