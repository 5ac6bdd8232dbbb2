import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Injectable } from '@nestjs/common';
import { LoginThrottleRepository, type LoginThrottleState } from '../application/ports/login-throttle-repository';
import { LoginThrottleEntity } from './login-throttle.entity';

@Injectable()
export class TypeOrmLoginThrottleRepository extends LoginThrottleRepository {
  constructor(private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {
    super();
  }

  private get throttles() {
    return this.txHost.tx.getRepository(LoginThrottleEntity);
  }

  async find(emailHash: string): Promise<LoginThrottleState | null> {
    return this.throttles.findOne({ where: { emailHash }, select: { consecutiveFailures: true, lockedUntil: true } });
  }

  async recordFailure(emailHash: string): Promise<number> {
    const rows: Array<{ consecutive_failures: number }> = await this.txHost.tx.query(
      `INSERT INTO identity.login_throttles (email_hash, consecutive_failures) VALUES ($1, 1)
       ON CONFLICT (email_hash) DO UPDATE
         SET consecutive_failures = login_throttles.consecutive_failures + 1, updated_at = now()
       RETURNING consecutive_failures`,
      [emailHash],
    );
    return rows[0].consecutive_failures;
  }

  async lock(emailHash: string, until: Date): Promise<void> {
    await this.throttles.update({ emailHash }, { lockedUntil: until });
  }

  async clear(emailHash: string): Promise<void> {
    await this.throttles.delete({ emailHash });
  }
}
