import { ApiProperty } from '@nestjs/swagger';
import { IsDefined } from 'class-validator';

export class StorageValueRequest {
  @ApiProperty({ description: 'Any JSON value, at most 16 KiB as JSON text', example: { favourites: ['station-12'] } })
  @IsDefined()
  value: unknown;
}

export class StorageValueResponse {
  @ApiProperty({ example: 'favourites' })
  key: string;
  @ApiProperty({ description: 'The JSON value stored under the key' })
  value: unknown;
}
