import { Injectable } from '@nestjs/common';
import { queryRows } from '../../../platform/database/query-rows';
import { UnitOfWork } from '../../../platform/database/unit-of-work';
import { type Channel, type Listing, ListingStore } from '../application/ports/listing-store';

const TABLE: Record<Channel, string> = { live: 'discovery.listings', qa: 'discovery.qa_listings' };

/** The words a listing is found by: its name weighs more than its description. */
const DOCUMENT = `setweight(to_tsvector('simple', l.name), 'A') || setweight(to_tsvector('english', l.description), 'B')`;

@Injectable()
export class SqlListingStore extends ListingStore {
  constructor(private readonly unitOfWork: UnitOfWork) {
    super();
  }

  async upsert(l: Listing): Promise<void> {
    await queryRows(
      this.unitOfWork,
      `INSERT INTO discovery.listings (slug, mini_app_id, name, category, description, version, entry, permissions, domains, bundle_digest, signature, published_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9::jsonb, $10, $11, $12)
       ON CONFLICT (slug) DO UPDATE SET mini_app_id = excluded.mini_app_id, name = excluded.name, category = excluded.category, description = excluded.description,
         version = excluded.version, entry = excluded.entry, permissions = excluded.permissions, domains = excluded.domains,
         bundle_digest = excluded.bundle_digest, signature = excluded.signature, published_at = excluded.published_at
       WHERE discovery.listings.published_at <= excluded.published_at`,
      [
        l.slug,
        l.miniAppId,
        l.name,
        l.category,
        l.description,
        l.version,
        l.entry,
        JSON.stringify(l.permissions),
        JSON.stringify(l.domains),
        l.bundleDigest,
        l.signature,
        l.publishedAt,
      ],
    );
  }

  async remove(slug: string): Promise<void> {
    await queryRows(this.unitOfWork, `DELETE FROM discovery.listings WHERE slug = $1`, [slug]);
  }

  async addToQa(l: Listing): Promise<void> {
    await queryRows(
      this.unitOfWork,
      `INSERT INTO discovery.qa_listings (slug, version, mini_app_id, name, category, description, entry, permissions, domains, bundle_digest, signature, published_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9::jsonb, $10, NULL, $11) ON CONFLICT (slug, version) DO NOTHING`,
      [
        l.slug,
        l.version,
        l.miniAppId,
        l.name,
        l.category,
        l.description,
        l.entry,
        JSON.stringify(l.permissions),
        JSON.stringify(l.domains),
        l.bundleDigest,
        l.publishedAt,
      ],
    );
  }

  async removeFromQa(slug: string, version?: string): Promise<void> {
    await queryRows(
      this.unitOfWork,
      `DELETE FROM discovery.qa_listings WHERE slug = $1 AND ($2::text IS NULL OR version = $2)`,
      [slug, version ?? null],
    );
  }

  async find(slug: string): Promise<Listing | null> {
    const [row] = await queryRows(this.unitOfWork, `SELECT * FROM discovery.listings l WHERE l.slug = $1`, [slug]);
    return row ? toListing(row) : null;
  }

  async search({
    channel,
    q,
    category,
    offset,
    limit,
  }: {
    channel: Channel;
    q?: string;
    category?: string;
    offset: number;
    limit: number;
  }): Promise<Listing[]> {
    const rows = await queryRows(
      this.unitOfWork,
      `SELECT l.* FROM ${TABLE[channel]} l
        WHERE ($1::text IS NULL OR ${DOCUMENT} @@ (websearch_to_tsquery('simple', $1) || websearch_to_tsquery('english', $1)))
          AND ($2::text IS NULL OR l.category = $2)
        ORDER BY CASE WHEN $1::text IS NULL THEN 0 ELSE ts_rank(${DOCUMENT}, websearch_to_tsquery('simple', $1) || websearch_to_tsquery('english', $1)) END DESC, l.name, l.slug, l.version
        OFFSET $3 LIMIT $4`,
      [q ?? null, category ?? null, offset, limit],
    );
    return rows.map(toListing);
  }
}

function toListing(row: Record<string, any>): Listing {
  return {
    slug: row.slug,
    miniAppId: row.mini_app_id,
    name: row.name,
    category: row.category,
    description: row.description,
    version: row.version,
    entry: row.entry,
    permissions: row.permissions,
    domains: row.domains,
    bundleDigest: row.bundle_digest,
    signature: row.signature,
    publishedAt: row.published_at,
  };
}
