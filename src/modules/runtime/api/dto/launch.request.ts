import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength } from 'class-validator';

export class StartLaunchRequest {
  @ApiProperty({ example: 'city-bikes', description: 'The slug of a live mini-app' })
  @IsString()
  @MaxLength(64)
  slug: string;
}
