import { Injectable } from '@nestjs/common';
import { queryPrepared, queryRows } from '../../../platform/database/query-rows';
import { UnitOfWork } from '../../../platform/database/unit-of-work';
import { type KnownMiniApp, MiniAppDirectory, type Publication } from '../application/ports/mini-app-directory';

const COLUMNS = `mini_app_id, slug, owner_id, name, category, live_version, entry, bundle_digest, bundle_signature, permissions, domains`;

@Injectable()
export class SqlMiniAppDirectory extends MiniAppDirectory {
  constructor(private readonly unitOfWork: UnitOfWork) {
    super();
  }

  async registered({
    miniAppId,
    slug,
    category,
    ownerId,
  }: {
    miniAppId: string;
    slug: string;
    category: string;
    ownerId: string;
  }): Promise<void> {
    await queryRows(
      this.unitOfWork,
      `INSERT INTO runtime.mini_apps (mini_app_id, slug, owner_id, category) VALUES ($1, $2, $3, $4)
       ON CONFLICT (mini_app_id) DO UPDATE SET owner_id = excluded.owner_id, category = COALESCE(runtime.mini_apps.category, excluded.category)`,
      [miniAppId, slug, ownerId, category],
    );
  }

  async published(p: Publication): Promise<boolean> {
    const rows = await queryRows(
      this.unitOfWork,
      `INSERT INTO runtime.mini_apps (mini_app_id, slug, name, category, live_version, entry, bundle_digest, bundle_signature, permissions, domains, live_since)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::jsonb, $10::jsonb, $11)
       ON CONFLICT (mini_app_id) DO UPDATE SET name = excluded.name, category = excluded.category, live_version = excluded.live_version, entry = excluded.entry,
         bundle_digest = excluded.bundle_digest, bundle_signature = excluded.bundle_signature, permissions = excluded.permissions, domains = excluded.domains, live_since = excluded.live_since
       WHERE runtime.mini_apps.live_since IS NULL OR runtime.mini_apps.live_since <= excluded.live_since
       RETURNING mini_app_id`,
      [
        p.miniAppId,
        p.slug,
        p.name,
        p.category,
        p.version,
        p.entry,
        p.bundleDigest,
        p.bundleSignature,
        JSON.stringify(p.permissions),
        JSON.stringify(p.domains),
        p.liveSince,
      ],
    );
    return rows.length > 0;
  }

  async takenDown(miniAppId: string, slug: string, at: Date): Promise<void> {
    await queryRows(
      this.unitOfWork,
      `INSERT INTO runtime.mini_apps (mini_app_id, slug, live_since) VALUES ($1, $2, $3)
       ON CONFLICT (mini_app_id) DO UPDATE SET live_version = NULL, live_since = excluded.live_since
       WHERE runtime.mini_apps.live_since IS NULL OR runtime.mini_apps.live_since <= excluded.live_since`,
      [miniAppId, slug, at],
    );
  }

  async bySlug(slug: string): Promise<KnownMiniApp | null> {
    const [row] = await queryPrepared(this.unitOfWork, `SELECT ${COLUMNS} FROM runtime.mini_apps WHERE slug = $1`, [
      slug,
    ]);
    return row ? toKnown(row) : null;
  }

  async bySlugHeld(slug: string): Promise<KnownMiniApp | null> {
    const [row] = await queryPrepared(
      this.unitOfWork,
      `SELECT ${COLUMNS} FROM runtime.mini_apps WHERE slug = $1 FOR SHARE`,
      [slug],
    );
    return row ? toKnown(row) : null;
  }

  async byId(miniAppId: string): Promise<KnownMiniApp | null> {
    const [row] = await queryPrepared(
      this.unitOfWork,
      `SELECT ${COLUMNS} FROM runtime.mini_apps WHERE mini_app_id = $1`,
      [miniAppId],
    );
    return row ? toKnown(row) : null;
  }
}

function toKnown(row: Record<string, any>): KnownMiniApp {
  return {
    miniAppId: row.mini_app_id,
    slug: row.slug,
    ownerId: row.owner_id,
    live:
      row.live_version === null
        ? null
        : {
            miniAppId: row.mini_app_id,
            slug: row.slug,
            name: row.name,
            category: row.category,
            version: row.live_version,
            entry: row.entry,
            bundleDigest: row.bundle_digest,
            bundleSignature: row.bundle_signature,
            permissions: row.permissions,
            domains: row.domains,
          },
  };
}
