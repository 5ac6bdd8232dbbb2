import { ApiProperty } from '@nestjs/swagger';
import { ROLES, type Role } from '../../../../shared/kernel/roles';
import type { User } from '../../domain/user';

export class UserResponse {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ example: 'ada@example.com' })
  email: string;

  @ApiProperty({ example: 'Ada Lovelace' })
  displayName: string;

  @ApiProperty({ enum: ROLES, isArray: true })
  roles: Role[];

  @ApiProperty({ nullable: true, type: String, example: 'en-GB' })
  locale: string | null;

  @ApiProperty({ nullable: true, type: String, example: 'https://cdn.example.com/ada.png' })
  avatarUrl: string | null;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;

  static from(user: User): UserResponse {
    return {
      id: user.id,
      email: user.email,
      displayName: user.displayName,
      roles: user.roles,
      locale: user.locale,
      avatarUrl: user.avatarUrl,
      createdAt: user.createdAt.toISOString(),
    };
  }
}
