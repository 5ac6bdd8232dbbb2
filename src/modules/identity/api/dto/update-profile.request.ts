import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsLocale, IsOptional, IsString, IsUrl, Length, MaxLength, ValidateIf } from 'class-validator';

export class UpdateProfileRequest {
  @ApiPropertyOptional({ example: 'Ada King', minLength: 1, maxLength: 100 })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  displayName?: string;

  @ApiPropertyOptional({ example: 'en-GB', nullable: true, type: String, description: 'BCP 47 language tag; null clears it' })
  @ValidateIf((_, value) => value !== null && value !== undefined)
  @IsLocale({ message: 'must be a BCP 47 language tag such as en-GB' })
  @MaxLength(35)
  locale?: string | null;

  @ApiPropertyOptional({ example: 'https://cdn.example.com/ada.png', nullable: true, type: String, description: 'https URL; null clears it' })
  @ValidateIf((_, value) => value !== null && value !== undefined)
  @IsUrl({ protocols: ['https'], require_protocol: true }, { message: 'must be an https URL' })
  @MaxLength(2048)
  avatarUrl?: string | null;
}
