import { Injectable } from '@nestjs/common';
import { queryRows } from '../../../platform/database/query-rows';
import { UnitOfWork } from '../../../platform/database/unit-of-work';
import type { VersionStatus } from '../domain/version-status';
import { type Finding, type MiniApp, ReviewStore, type Version } from '../application/ports/review-store';

const VERSION = `id, mini_app_id, version, status, manifest, bundle_digest, bundle_bytes, file_count, findings, reasons, submitted_by, submitted_at, decided_by, decided_at, signature, published_at`;

@Injectable()
export class SqlReviewStore extends ReviewStore {
  constructor(private readonly unitOfWork: UnitOfWork) {
    super();
  }

  private query<T = any>(sql: string, parameters: unknown[] = []): Promise<T[]> {
    return queryRows<T>(this.unitOfWork, sql, parameters);
  }

  async insertMiniApp(app: Omit<MiniApp, 'createdAt' | 'liveVersion' | 'takenDownAt'>): Promise<boolean> {
    const rows = await this.query(
      `INSERT INTO review.mini_apps (id, slug, name, category, description, developer_id) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (slug) DO NOTHING RETURNING id`,
      [app.id, app.slug, app.name, app.category, app.description, app.developerId],
    );
    return rows.length === 1;
  }

  async miniApp(slug: string): Promise<MiniApp | null> {
    const [row] = await this.query(`SELECT * FROM review.mini_apps WHERE slug = $1`, [slug]);
    return row ? toMiniApp(row) : null;
  }

  async lockMiniApp(miniAppId: string): Promise<void> {
    await this.query(`SELECT 1 FROM review.mini_apps WHERE id = $1 FOR UPDATE`, [miniAppId]);
  }

  async miniAppById(miniAppId: string): Promise<MiniApp | null> {
    const [row] = await this.query(`SELECT * FROM review.mini_apps WHERE id = $1`, [miniAppId]);
    return row ? toMiniApp(row) : null;
  }

  async versionNumbers(miniAppId: string): Promise<string[]> {
    return (await this.query(`SELECT version FROM review.versions WHERE mini_app_id = $1`, [miniAppId])).map(
      (row) => row.version,
    );
  }

  async putBundle(digest: string, content: Buffer): Promise<void> {
    await this.query(`INSERT INTO review.bundles (digest, content) VALUES ($1, $2) ON CONFLICT (digest) DO NOTHING`, [
      digest,
      content,
    ]);
  }

  async bundle(digest: string): Promise<Buffer | null> {
    const [row] = await this.query(`SELECT content FROM review.bundles WHERE digest = $1`, [digest]);
    return row?.content ?? null;
  }

  async insertVersion(v: Parameters<ReviewStore['insertVersion']>[0]): Promise<Version> {
    const [row] = await this.query(
      `INSERT INTO review.versions (id, mini_app_id, version, status, manifest, bundle_digest, bundle_bytes, file_count, submitted_by, findings)
       VALUES ($1, $2, $3, 'submitted', $4::jsonb, $5, $6, $7, $8, '[]'::jsonb) RETURNING ${VERSION}`,
      [
        v.id,
        v.miniAppId,
        v.version,
        JSON.stringify(v.manifest),
        v.bundleDigest,
        v.bundleBytes,
        v.fileCount,
        v.submittedBy,
      ],
    );
    return toVersion(row);
  }

  async version(miniAppId: string, version: string): Promise<Version | null> {
    const [row] = await this.query(`SELECT ${VERSION} FROM review.versions WHERE mini_app_id = $1 AND version = $2`, [
      miniAppId,
      version,
    ]);
    return row ? toVersion(row) : null;
  }

  async inReview(limit: number): Promise<Array<Version & { slug: string }>> {
    const rows = await this.query(
      `SELECT v.*, m.slug AS app_slug FROM review.versions v JOIN review.mini_apps m ON m.id = v.mini_app_id
        WHERE v.status = 'in-review' ORDER BY v.status_changed_at, v.id LIMIT $1`,
      [limit],
    );
    return rows.map((row) => ({ ...toVersion(row), slug: row.app_slug }));
  }

  async stale(status: VersionStatus, olderThanMs: number, limit: number): Promise<string[]> {
    const rows = await this.query(
      `SELECT id FROM review.versions WHERE status = $1 AND status_changed_at < clock_timestamp() - make_interval(secs => $2::float8 / 1000) ORDER BY status_changed_at LIMIT $3`,
      [status, olderThanMs, limit],
    );
    return rows.map((row) => row.id);
  }

  async setLiveVersion(miniAppId: string, version: string | null): Promise<Date> {
    const [row] = await this.query(
      `UPDATE review.mini_apps SET live_version = $2, taken_down_at = CASE WHEN $2::text IS NULL THEN clock_timestamp() ELSE NULL END WHERE id = $1 RETURNING clock_timestamp() AS at`,
      [miniAppId, version],
    );
    return row.at;
  }

  async publish(versionId: string, signature: string): Promise<Version | null> {
    const [row] = await this.query(
      `UPDATE review.versions SET status = 'published', signature = $2, published_at = clock_timestamp(), status_changed_at = clock_timestamp()
        WHERE id = $1 AND status = 'approved' RETURNING ${VERSION}`,
      [versionId, signature],
    );
    if (!row) return null;
    await this.query(`UPDATE review.mini_apps SET live_version = $2 WHERE id = $1`, [row.mini_app_id, row.version]);
    return toVersion(row);
  }

  async versionById(versionId: string): Promise<Version | null> {
    const [row] = await this.query(`SELECT ${VERSION} FROM review.versions WHERE id = $1`, [versionId]);
    return row ? toVersion(row) : null;
  }

  async transition(
    versionId: string,
    from: VersionStatus,
    to: VersionStatus,
    changes: { findings?: Finding[]; reasons?: string[]; decidedBy?: string } = {},
  ): Promise<Version | null> {
    const [row] = await this.query(
      `UPDATE review.versions SET status = $3, status_changed_at = clock_timestamp(), findings = coalesce($4::jsonb, findings), reasons = coalesce($5::jsonb, reasons),
              decided_by = coalesce($6, decided_by), decided_at = CASE WHEN $6::text IS NULL THEN decided_at ELSE clock_timestamp() END
        WHERE id = $1 AND status = $2 RETURNING ${VERSION}`,
      [
        versionId,
        from,
        to,
        changes.findings ? JSON.stringify(changes.findings) : null,
        changes.reasons ? JSON.stringify(changes.reasons) : null,
        changes.decidedBy ?? null,
      ],
    );
    return row ? toVersion(row) : null;
  }
}

function toMiniApp(row: Record<string, any>): MiniApp {
  return {
    id: row.id,
    slug: row.slug,
    name: row.name,
    category: row.category,
    description: row.description,
    developerId: row.developer_id,
    liveVersion: row.live_version,
    takenDownAt: row.taken_down_at,
    createdAt: row.created_at,
  };
}

function toVersion(row: Record<string, any>): Version {
  return {
    id: row.id,
    miniAppId: row.mini_app_id,
    version: row.version,
    status: row.status,
    manifest: row.manifest,
    bundleDigest: row.bundle_digest,
    bundleBytes: row.bundle_bytes,
    fileCount: row.file_count,
    findings: row.findings,
    reasons: row.reasons,
    submittedBy: row.submitted_by,
    submittedAt: row.submitted_at,
    decidedBy: row.decided_by,
    decidedAt: row.decided_at,
    signature: row.signature,
    publishedAt: row.published_at,
  };
}
