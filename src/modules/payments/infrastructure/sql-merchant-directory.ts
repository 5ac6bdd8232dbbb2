import { Injectable } from '@nestjs/common';
import { queryRows } from '../../../platform/database/query-rows';
import { UnitOfWork } from '../../../platform/database/unit-of-work';
import { type Merchant, MerchantDirectory, type StoredWebhookSecret } from '../application/ports/merchant-directory';

const COLUMNS = `mini_app_id, slug, owner_id, name, domains, live`;

@Injectable()
export class SqlMerchantDirectory extends MerchantDirectory {
  constructor(private readonly unitOfWork: UnitOfWork) {
    super();
  }

  private query<T = any>(sql: string, parameters: unknown[]): Promise<T[]> {
    return queryRows<T>(this.unitOfWork, sql, parameters);
  }

  async registered({ miniAppId, slug, ownerId }: { miniAppId: string; slug: string; ownerId: string }): Promise<void> {
    await this.query(
      `INSERT INTO payments.mini_apps (mini_app_id, slug, owner_id) VALUES ($1, $2, $3) ON CONFLICT (mini_app_id) DO NOTHING`,
      [miniAppId, slug, ownerId],
    );
  }

  async published({
    miniAppId,
    name,
    domains,
  }: {
    miniAppId: string;
    slug: string;
    name: string;
    domains: string[];
  }): Promise<void> {
    await this.query(`UPDATE payments.mini_apps SET name = $2, domains = $3, live = true WHERE mini_app_id = $1`, [
      miniAppId,
      name,
      domains,
    ]);
  }

  async takenDown(miniAppId: string): Promise<void> {
    await this.query(`UPDATE payments.mini_apps SET live = false WHERE mini_app_id = $1`, [miniAppId]);
  }

  async accountOpened({
    miniAppId,
    currency,
    accountId,
  }: {
    miniAppId: string;
    currency: string;
    accountId: string;
  }): Promise<void> {
    await this.query(
      `INSERT INTO payments.merchant_accounts (mini_app_id, currency, account_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`,
      [miniAppId, currency, accountId],
    );
  }

  async byId(miniAppId: string): Promise<Merchant | null> {
    const [row] = await this.query(`SELECT ${COLUMNS} FROM payments.mini_apps WHERE mini_app_id = $1`, [miniAppId]);
    return row ? toMerchant(row) : null;
  }

  async bySlug(slug: string): Promise<Merchant | null> {
    const [row] = await this.query(`SELECT ${COLUMNS} FROM payments.mini_apps WHERE slug = $1`, [slug]);
    return row ? toMerchant(row) : null;
  }

  async accountOf(miniAppId: string, currency: string): Promise<string | null> {
    const [row] = await this.query<{ account_id: string }>(
      `SELECT account_id FROM payments.merchant_accounts WHERE mini_app_id = $1 AND currency = $2`,
      [miniAppId, currency],
    );
    return row?.account_id ?? null;
  }

  async secretOf(miniAppId: string): Promise<StoredWebhookSecret | null> {
    const [row] = await this.query(
      `SELECT webhook_secret, previous_webhook_secret, previous_valid_until FROM payments.mini_apps WHERE mini_app_id = $1 AND webhook_secret IS NOT NULL`,
      [miniAppId],
    );
    return row
      ? {
          current: row.webhook_secret,
          previous: row.previous_webhook_secret,
          previousValidUntil: row.previous_valid_until,
        }
      : null;
  }

  async rotateSecret(miniAppId: string, sealed: Buffer, previousValidUntil: Date): Promise<void> {
    await this.query(
      `UPDATE payments.mini_apps SET previous_webhook_secret = webhook_secret, previous_valid_until = CASE WHEN webhook_secret IS NULL THEN NULL ELSE $3::timestamptz END, webhook_secret = $2 WHERE mini_app_id = $1`,
      [miniAppId, sealed, previousValidUntil],
    );
  }
}

function toMerchant(row: Record<string, any>): Merchant {
  return {
    miniAppId: row.mini_app_id,
    slug: row.slug,
    ownerId: row.owner_id,
    name: row.name,
    domains: row.domains,
    live: row.live,
  };
}
