import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsString, Length } from 'class-validator';

export class RejectRequest {
  @ApiProperty({
    type: [String],
    example: ['The payment screen hides the price until the last step.'],
    minItems: 1,
    maxItems: 20,
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @Length(5, 500, { each: true })
  reasons: string[];
}
