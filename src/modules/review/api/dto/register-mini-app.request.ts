import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsString, Length, Matches } from 'class-validator';
import { CATEGORIES, type Category } from '../../../../shared/contracts/review';
import { SLUG } from '../../domain/manifest';

export class RegisterMiniAppRequest {
  @ApiProperty({ example: 'city-bikes', pattern: SLUG.source })
  @Matches(SLUG, { message: 'must be 3-40 lower-case letters, digits and dashes, starting with a letter' })
  slug: string;

  @ApiProperty({ example: 'City Bikes', minLength: 1, maxLength: 60 })
  @IsString()
  @Length(1, 60)
  name: string;

  @ApiProperty({ enum: CATEGORIES, description: 'From the fixed taxonomy (GET /discovery/categories)' })
  @IsIn(CATEGORIES, { message: `must be one of ${CATEGORIES.join(', ')}` })
  category: Category;

  @ApiProperty({ example: 'Find and unlock a bike near you.', minLength: 1, maxLength: 2000 })
  @IsString()
  @Length(1, 2000)
  description: string;
}
