import { ApiProperty } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { ROLES, type Role } from '../../../../shared/kernel/roles';

export class RoleRequest {
  @ApiProperty({ enum: ROLES, example: 'reviewer' })
  @IsIn(ROLES, { message: `must be one of ${ROLES.join(', ')}` })
  role: Role;
}
