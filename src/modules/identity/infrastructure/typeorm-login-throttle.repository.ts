import { deleteSome } from '../../../platform/database/sweep-in-batches';
import { Injectable } from '@nestjs/common';
import { UnitOfWork } from '../../../platform/database/unit-of-work';
import { type FailureStreak, LoginThrottleRepository } from '../application/ports/login-throttle-repository';
import { LoginThrottleEntity } from './login-throttle.entity';

@Injectable()
export class TypeOrmLoginThrottleRepository extends LoginThrottleRepository {
  constructor(private readonly unitOfWork: UnitOfWork) {
    super();
  }

  private get throttles() {
    return this.unitOfWork.manager.getRepository(LoginThrottleEntity);
  }

  async lockStreak(emailHash: string): Promise<FailureStreak> {
    await this.throttles
      .createQueryBuilder()
      .insert()
      .values({ emailHash, consecutiveFailures: 0 })
      .orIgnore()
      .execute();
    const row = await this.throttles.findOne({ where: { emailHash }, lock: { mode: 'pessimistic_write' } });
    return {
      consecutiveFailures: row!.consecutiveFailures,
      lockedUntil: row!.lockedUntil,
      lastFailureAt: row!.consecutiveFailures > 0 ? row!.updatedAt : null,
    };
  }

  async saveStreak(emailHash: string, consecutiveFailures: number, lockedUntil: Date | null): Promise<void> {
    await this.throttles.update({ emailHash }, { consecutiveFailures, lockedUntil });
  }

  async clear(emailHash: string): Promise<void> {
    await this.throttles.delete({ emailHash });
  }

  pruneIdleBefore(cutoff: Date, limit: number): Promise<number> {
    return deleteSome(
      this.unitOfWork,
      'identity.login_throttles',
      'updated_at < $1 AND (locked_until IS NULL OR locked_until < $1)',
      [cutoff],
      limit,
    );
  }
}
