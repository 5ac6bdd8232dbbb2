import { Injectable } from '@nestjs/common';
import { queryRows } from '../../../platform/database/query-rows';
import { UnitOfWork } from '../../../platform/database/unit-of-work';
import type { PersonalDataSection } from '../../../shared/contracts/privacy';
import { PersonalDataExport } from '../application/ports/personal-data-export';

/** A mini-app as the person knew it: its id and slug (runtime's own read model of live mini-apps). */
const MINI_APP = `mini_app_id AS "miniAppId", m.slug AS "miniApp"`;

/**
 * Everything the runtime keeps on a person: per mini-app their pairwise id, consent decisions and
 * their ledger, launches, brokered accesses, storage and login codes (when and for what, never the
 * code's hash); their copy of the profile, their first launch, the contacts they paid (by wallet
 * account) and the mini-apps they own. Never a server credential.
 */
@Injectable()
export class SqlPersonalDataExport extends PersonalDataExport {
  constructor(private readonly unitOfWork: UnitOfWork) {
    super();
  }

  async sectionOf(userId: string): Promise<PersonalDataSection> {
    const rows = (sql: string) => queryRows(this.unitOfWork, sql, [userId]);
    const [profile] = await rows(
      `SELECT display_name AS "displayName", avatar_url AS "avatarUrl", updated_at AS "updatedAt" FROM runtime.user_profiles WHERE user_id = $1`,
    );
    const [firstLaunch] = await rows(
      `SELECT launched_at AS "launchedAt" FROM runtime.first_launches WHERE user_id = $1`,
    );
    return {
      profileShownToMiniApps: profile ?? null,
      firstLaunch: firstLaunch ?? null,
      pairwiseIds: await rows(
        `SELECT ${MINI_APP}, p.openid FROM runtime.pairwise_ids p LEFT JOIN runtime.mini_apps m USING (mini_app_id)
          WHERE p.user_id = $1 ORDER BY m.slug`,
      ),
      consents: await rows(
        `SELECT ${MINI_APP}, c.scope, c.state, c.purpose, c.manifest_version AS "manifestVersion", c.decided_at AS "decidedAt"
           FROM runtime.consents c LEFT JOIN runtime.mini_apps m USING (mini_app_id) WHERE c.user_id = $1 ORDER BY m.slug, c.scope`,
      ),
      consentHistory: await rows(
        `SELECT ${MINI_APP}, c.scope, c.action, c.purpose, c.manifest_version AS "manifestVersion", c.at
           FROM runtime.consent_records c LEFT JOIN runtime.mini_apps m USING (mini_app_id) WHERE c.user_id = $1 ORDER BY c.at, c.id`,
      ),
      launches: await rows(
        `SELECT l.id, ${MINI_APP}, l.version, l.launched_at AS "launchedAt", l.expires_at AS "expiresAt", l.load_time_ms AS "loadTimeMs"
           FROM runtime.launches l LEFT JOIN runtime.mini_apps m USING (mini_app_id) WHERE l.user_id = $1 ORDER BY l.launched_at, l.id`,
      ),
      accessLog: await rows(
        `SELECT ${MINI_APP}, a.launch_id AS "launchId", a.scope, a.outcome, a.domain, a.status,
                a.request_bytes AS "requestBytes", a.response_bytes AS "responseBytes", a.at
           FROM runtime.access_log a LEFT JOIN runtime.mini_apps m USING (mini_app_id) WHERE a.user_id = $1 ORDER BY a.at, a.id`,
      ),
      storage: await rows(
        `SELECT ${MINI_APP}, s.key, s.value, s.updated_at AS "updatedAt"
           FROM runtime.storage_items s LEFT JOIN runtime.mini_apps m USING (mini_app_id) WHERE s.user_id = $1 ORDER BY m.slug, s.key`,
      ),
      loginCodes: await rows(
        `SELECT ${MINI_APP}, c.launch_id AS "launchId", c.expires_at AS "expiresAt", c.used_at AS "usedAt"
           FROM runtime.login_codes c LEFT JOIN runtime.mini_apps m USING (mini_app_id) WHERE c.user_id = $1 ORDER BY c.expires_at`,
      ),
      forgottenMiniApps: await rows(
        `SELECT ${MINI_APP}, g.generation AS "timesForgotten"
           FROM runtime.pairwise_generations g LEFT JOIN runtime.mini_apps m USING (mini_app_id) WHERE g.user_id = $1 ORDER BY m.slug`,
      ),
      walletAccounts: await rows(
        `SELECT account_id AS "accountId" FROM runtime.wallet_accounts WHERE user_id = $1 ORDER BY account_id`,
      ),
      recentContacts: await rows(
        `SELECT c.account_id AS "fromAccountId", c.counterparty_account_id AS "paidAccountId", c.last_paid_at AS "lastPaidAt"
           FROM runtime.counterparties c JOIN runtime.wallet_accounts w USING (account_id) WHERE w.user_id = $1
          ORDER BY c.last_paid_at DESC`,
      ),
      ownedMiniApps: await rows(
        `SELECT ${MINI_APP}, m.name, m.live_version AS "liveVersion", m.live_since AS "liveSince" FROM runtime.mini_apps m
          WHERE m.owner_id = $1 ORDER BY m.slug`,
      ),
    };
  }
}
