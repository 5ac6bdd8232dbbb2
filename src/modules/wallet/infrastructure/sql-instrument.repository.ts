import { Injectable } from '@nestjs/common';
import { type Instrument, InstrumentRepository } from '../application/ports/instrument-repository';
import { UnitOfWorkSql } from './unit-of-work-sql';

const COLUMNS = `id, owner_id, kind, provider_token, brand, last4, exp_month, exp_year, iban_masked, country, holder_name, created_at`;

@Injectable()
export class SqlInstrumentRepository extends UnitOfWorkSql implements InstrumentRepository {
  async insert(i: Omit<Instrument, 'createdAt'>): Promise<Instrument> {
    const [row] = await this.query(
      `INSERT INTO wallet.instruments (id, owner_id, kind, provider_token, brand, last4, exp_month, exp_year, iban_masked, country, holder_name)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING ${COLUMNS}`,
      [
        i.id,
        i.ownerId,
        i.kind,
        i.providerToken,
        i.brand,
        i.last4,
        i.expMonth,
        i.expYear,
        i.ibanMasked,
        i.country,
        i.holderName,
      ],
    );
    return toInstrument(row);
  }

  async findOwned(ownerId: string, instrumentId: string): Promise<Instrument | null> {
    const [row] = await this.query(
      `SELECT ${COLUMNS} FROM wallet.instruments WHERE id = $1 AND owner_id = $2 AND removed_at IS NULL FOR SHARE`,
      [instrumentId, ownerId],
    );
    return row ? toInstrument(row) : null;
  }

  async listOwned(ownerId: string): Promise<Instrument[]> {
    const rows = await this.query(
      `SELECT ${COLUMNS} FROM wallet.instruments WHERE owner_id = $1 AND removed_at IS NULL ORDER BY created_at, id`,
      [ownerId],
    );
    return rows.map(toInstrument);
  }

  async remove(ownerId: string, instrumentId: string): Promise<boolean> {
    // The token goes with it: a removed instrument can never be charged again.
    const rows = await this.query(
      `UPDATE wallet.instruments SET removed_at = clock_timestamp(), provider_token = NULL WHERE id = $1 AND owner_id = $2 AND removed_at IS NULL RETURNING id`,
      [instrumentId, ownerId],
    );
    return rows.length === 1;
  }

  async eraseOwnedBy(ownerId: string): Promise<void> {
    await this.query(
      `UPDATE wallet.instruments SET removed_at = COALESCE(removed_at, clock_timestamp()), provider_token = NULL, holder_name = NULL WHERE owner_id = $1`,
      [ownerId],
    );
  }
}

function toInstrument(row: Record<string, any>): Instrument {
  return {
    id: row.id,
    ownerId: row.owner_id,
    kind: row.kind,
    providerToken: row.provider_token,
    brand: row.brand,
    last4: row.last4,
    expMonth: row.exp_month,
    expYear: row.exp_year,
    ibanMasked: row.iban_masked,
    country: row.country,
    holderName: row.holder_name,
    createdAt: row.created_at,
  };
}
