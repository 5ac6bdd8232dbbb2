import { Injectable } from '@nestjs/common';
import { queryPrepared } from '../../../platform/database/query-rows';
import { UnitOfWork } from '../../../platform/database/unit-of-work';
import type { Role } from '../../../shared/kernel/roles';
import { type NewUser, UserRepository } from '../application/ports/user-repository';
import type { User, UserProfile } from '../domain/user';
import { UserEntity } from './user.entity';

@Injectable()
export class TypeOrmUserRepository extends UserRepository {
  constructor(private readonly unitOfWork: UnitOfWork) {
    super();
  }

  private get users() {
    return this.unitOfWork.manager.getRepository(UserEntity);
  }

  async insert(user: NewUser): Promise<boolean> {
    // ON CONFLICT DO NOTHING rather than catching the unique violation: a failed statement would abort the whole unit of work.
    const result = await this.users.createQueryBuilder().insert().values(user).orIgnore().returning('id').execute();
    return (result.raw as unknown[]).length === 1;
  }

  /** Plain SQL, prepared, on the hot path (every /identity/me): TypeORM's query builder cost more than the query. */
  async findById(id: string): Promise<User | null> {
    const rows = await queryPrepared<UserRow>(
      this.unitOfWork,
      `SELECT id, email, display_name, roles, locale, avatar_url, created_at, updated_at FROM identity.users WHERE id = $1`,
      [id],
    );
    return rows.length ? fromRow(rows[0]) : null;
  }

  async findCredentialsByEmail(email: string) {
    return this.users.findOne({ where: { email }, select: { id: true, passwordHash: true } });
  }

  async markSignedIn(id: string, at: Date): Promise<boolean> {
    const rows = await queryPrepared(
      this.unitOfWork,
      `UPDATE identity.users SET first_signed_in_at = $2 WHERE id = $1 AND first_signed_in_at IS NULL RETURNING id`,
      [id, at],
    );
    return rows.length === 1;
  }

  async disableSignIn(id: string): Promise<void> {
    // Not a hash argon2 can read: every password fails against it.
    await this.users.update({ id }, { passwordHash: '!erasure' });
  }

  async delete(id: string): Promise<boolean> {
    return ((await this.users.delete({ id })).affected ?? 0) > 0;
  }

  async findIdByEmail(email: string): Promise<string | null> {
    return (await this.users.findOne({ where: { email }, select: { id: true } }))?.id ?? null;
  }

  async updateProfile(id: string, changes: Partial<UserProfile>): Promise<User | null> {
    if (Object.keys(changes).length) await this.users.update({ id }, changes);
    return this.findById(id);
  }

  async setRoles(id: string, roles: Role[]): Promise<void> {
    await this.users.update({ id }, { roles });
  }

  async lockRole(role: Role): Promise<void> {
    await this.unitOfWork.manager.query(`SELECT pg_advisory_xact_lock(hashtextextended('identity.role:' || $1, 0))`, [
      role,
    ]);
  }

  async countWithRole(role: Role): Promise<number> {
    return this.users.createQueryBuilder('u').where(':role = ANY(u.roles)', { role }).getCount();
  }
}

interface UserRow {
  id: string;
  email: string;
  display_name: string;
  roles: Role[];
  locale: string | null;
  avatar_url: string | null;
  created_at: Date;
  updated_at: Date;
}

function fromRow(row: UserRow): User {
  return {
    id: row.id,
    email: row.email,
    displayName: row.display_name,
    roles: row.roles,
    locale: row.locale,
    avatarUrl: row.avatar_url,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
