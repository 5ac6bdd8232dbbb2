import { Injectable } from '@nestjs/common';
import { queryRows } from '../../../platform/database/query-rows';
import { UnitOfWork } from '../../../platform/database/unit-of-work';
import type { PersonalDataSection } from '../../../shared/contracts/privacy';
import { PersonalDataExport } from '../application/ports/personal-data-export';

/**
 * The orders a person was asked to pay (with the mini-app's pairwise id of them), their answers to
 * confirmations, the refunds of their orders, what each mini-app's backend was told about those
 * orders (the recipients, Art. 15(1)(c)), and the mini-apps they own. Never a webhook secret.
 */
@Injectable()
export class SqlPersonalDataExport extends PersonalDataExport {
  constructor(private readonly unitOfWork: UnitOfWork) {
    super();
  }

  async sectionOf(userId: string): Promise<PersonalDataSection> {
    const rows = (sql: string) => queryRows(this.unitOfWork, sql, [userId]);
    return {
      orders: await rows(
        `SELECT o.id, o.mini_app_id AS "miniAppId", m.slug AS "miniApp", o.openid, o.amount, o.currency, o.description,
                o.merchant_reference AS "merchantReference", o.notify_url AS "notifyUrl", o.state, o.failure_reason AS "failureReason",
                o.refunded_amount AS "refundedAmount", o.payment_transfer_id AS "paymentTransferId",
                o.created_at AS "createdAt", o.updated_at AS "updatedAt", o.expires_at AS "expiresAt"
           FROM payments.orders o LEFT JOIN payments.mini_apps m USING (mini_app_id) WHERE o.user_id = $1
          ORDER BY o.created_at, o.id`,
      ),
      confirmations: await rows(
        `SELECT order_id AS "orderId", answer, created_at AS "createdAt" FROM payments.confirmations WHERE user_id = $1
          ORDER BY created_at`,
      ),
      refunds: await rows(
        `SELECT r.id, r.order_id AS "orderId", r.amount, r.transfer_id AS "transferId", r.created_at AS "createdAt"
           FROM payments.refunds r JOIN payments.orders o ON o.id = r.order_id WHERE o.user_id = $1 ORDER BY r.created_at, r.id`,
      ),
      merchantNotifications: await rows(
        `SELECT n.id, n.order_id AS "orderId", n.type, n.url, n.payload, n.status, n.attempts, n.created_at AS "createdAt",
                n.settled_at AS "settledAt"
           FROM payments.notifications n JOIN payments.orders o ON o.id = n.order_id WHERE o.user_id = $1
          ORDER BY n.created_at, n.sequence`,
      ),
      ownedMiniApps: await rows(
        `SELECT mini_app_id AS "miniAppId", slug, name, live FROM payments.mini_apps WHERE owner_id = $1 ORDER BY slug`,
      ),
    };
  }
}
