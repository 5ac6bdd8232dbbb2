import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength } from 'class-validator';

export class NoticeEndpointRequest {
  @ApiProperty({
    example: 'https://api.citybikes.example/superapp/notices',
    description: "An https URL on a domain the mini-app's live manifest declares",
    maxLength: 2000,
  })
  @IsString()
  @MaxLength(2000)
  url: string;
}

export class NoticeEndpointResponse {
  @ApiProperty({ description: 'Where the platform POSTs signed notices about the mini-app’s users' })
  url: string;
  @ApiProperty({ format: 'date-time' })
  updatedAt: string;
}
