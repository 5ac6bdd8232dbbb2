import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsLocale, IsUrl, MaxLength, ValidateIf } from 'class-validator';
import { DisplayName } from './display-name';

export class UpdateProfileRequest {
  @ApiPropertyOptional({ example: 'Ada King', minLength: 1, maxLength: 100 })
  // Absent means "leave as is"; null is not a name, so it is validated (and refused) like any other value.
  @ValidateIf((_, value) => value !== undefined)
  @DisplayName()
  displayName?: string;

  @ApiPropertyOptional({
    example: 'en-GB',
    nullable: true,
    type: String,
    description: 'BCP 47 language tag; null clears it',
  })
  @ValidateIf((_, value) => value !== null && value !== undefined)
  @IsLocale({ message: 'must be a BCP 47 language tag such as en-GB' })
  @MaxLength(35)
  locale?: string | null;

  @ApiPropertyOptional({
    example: 'https://cdn.example.com/ada.png',
    nullable: true,
    type: String,
    description: 'https URL; null clears it',
  })
  @ValidateIf((_, value) => value !== null && value !== undefined)
  @IsUrl({ protocols: ['https'], require_protocol: true }, { message: 'must be an https URL' })
  @MaxLength(2048)
  avatarUrl?: string | null;
}
