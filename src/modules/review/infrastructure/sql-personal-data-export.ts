import { Injectable } from '@nestjs/common';
import { queryRows } from '../../../platform/database/query-rows';
import { UnitOfWork } from '../../../platform/database/unit-of-work';
import type { PersonalDataSection } from '../../../shared/contracts/privacy';
import { PersonalDataExport } from '../application/ports/personal-data-export';

/**
 * The mini-apps a person develops, the versions they submitted, and the decisions they took as a
 * reviewer. Which reviewer decided their own versions is another person's data: it shows as
 * `reviewer` (or the automated scan), never the reviewer's id. Bundles are not repeated: each
 * version names its digest.
 */
@Injectable()
export class SqlPersonalDataExport extends PersonalDataExport {
  constructor(private readonly unitOfWork: UnitOfWork) {
    super();
  }

  async sectionOf(userId: string): Promise<PersonalDataSection> {
    const rows = (sql: string, parameter: string = userId) => queryRows(this.unitOfWork, sql, [parameter]);
    return {
      miniApps: await rows(
        `SELECT id, slug, name, category, description, live_version AS "liveVersion", created_at AS "createdAt",
                taken_down_at AS "takenDownAt"
           FROM review.mini_apps WHERE developer_id = $1 ORDER BY created_at, id`,
      ),
      submittedVersions: await rows(
        `SELECT v.id, m.slug AS "miniApp", v.version, v.status, v.bundle_digest AS "bundleDigest", v.bundle_bytes AS "bundleBytes",
                v.file_count AS "fileCount", v.findings, v.reasons, v.submitted_at AS "submittedAt", v.decided_at AS "decidedAt",
                CASE WHEN v.decided_by IS NULL THEN NULL WHEN v.decided_by LIKE 'user:%' THEN 'reviewer' ELSE v.decided_by END AS "decidedBy",
                v.published_at AS "publishedAt"
           FROM review.versions v JOIN review.mini_apps m ON m.id = v.mini_app_id WHERE v.submitted_by = $1::uuid
          ORDER BY v.submitted_at, v.id`,
      ),
      decisionsTaken: await rows(
        `SELECT v.id, m.slug AS "miniApp", v.version, v.status, v.reasons, v.decided_at AS "decidedAt"
           FROM review.versions v JOIN review.mini_apps m ON m.id = v.mini_app_id WHERE v.decided_by = $1
          ORDER BY v.decided_at, v.id`,
        `user:${userId}`,
      ),
    };
  }
}
