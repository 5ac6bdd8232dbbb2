import { Injectable } from '@nestjs/common';
import { AutonomousWrites } from '../../../platform/database/autonomous-writes';
import { queryRows } from '../../../platform/database/query-rows';
import { UnitOfWork } from '../../../platform/database/unit-of-work';
import {
  type Attempt,
  type Notification,
  NotificationLog,
  type NotificationStatus,
} from '../application/ports/notification-log';

const COLUMNS = `id, order_id, mini_app_id, sequence, type, payload, url, status, attempts, created_at, settled_at`;
/** Of notification `n`. */
const DELIVERY_ATTEMPTS = `(SELECT count(*)::int FROM payments.notification_attempts d WHERE d.notification_id = n.id AND d.trigger = 'delivery') AS delivery_attempts`;

@Injectable()
export class SqlNotificationLog extends NotificationLog {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly autonomous: AutonomousWrites,
  ) {
    super();
  }

  async find(notificationId: string): Promise<Notification | null> {
    const [row] = await queryRows(
      this.unitOfWork,
      `SELECT ${COLUMNS}, ${DELIVERY_ATTEMPTS} FROM payments.notifications n WHERE id = $1`,
      [notificationId],
    );
    return row ? toNotification(row) : null;
  }

  async findBySequence(orderId: string, sequence: number): Promise<Notification | null> {
    const [row] = await queryRows(
      this.unitOfWork,
      `SELECT ${COLUMNS}, ${DELIVERY_ATTEMPTS} FROM payments.notifications n WHERE order_id = $1 AND sequence = $2`,
      [orderId, sequence],
    );
    return row ? toNotification(row) : null;
  }

  async listForOrder(orderId: string): Promise<Array<Notification & { attemptLog: Attempt[] }>> {
    const rows = await queryRows(
      this.unitOfWork,
      `SELECT ${COLUMNS.split(', ')
        .map((c) => `n.${c}`)
        .join(', ')}, ${DELIVERY_ATTEMPTS},
              COALESCE(json_agg(json_build_object('trigger', a.trigger, 'outcome', a.outcome, 'status', a.status, 'durationMs', a.duration_ms, 'error', a.error, 'at', a.at) ORDER BY a.id) FILTER (WHERE a.id IS NOT NULL), '[]') AS attempt_log
         FROM payments.notifications n LEFT JOIN payments.notification_attempts a ON a.notification_id = n.id
        WHERE n.order_id = $1 GROUP BY n.id ORDER BY n.sequence`,
      [orderId],
    );
    return rows.map((row) => ({
      ...toNotification(row),
      attemptLog: row.attempt_log.map((a: Attempt & { at: string }) => ({ ...a, at: new Date(a.at) })),
    }));
  }

  /** Committed at once, on its own (the delivery's transaction may roll back); the attempt and the count in one statement. */
  async recordAttempt(notificationId: string, attempt: Attempt, settle: NotificationStatus | null): Promise<void> {
    await this.autonomous.query(
      `WITH logged AS (INSERT INTO payments.notification_attempts (notification_id, trigger, outcome, status, duration_ms, error, at) VALUES ($1, $2, $3, $4, $5, $6, $7))
       UPDATE payments.notifications SET attempts = attempts + 1, status = COALESCE($8, status), settled_at = CASE WHEN $8::text IS NULL THEN settled_at ELSE $7 END WHERE id = $1`,
      [
        notificationId,
        attempt.trigger,
        attempt.outcome,
        attempt.status,
        attempt.durationMs,
        attempt.error?.slice(0, 500) ?? null,
        attempt.at,
        settle,
      ],
    );
  }

  async isDisabled(miniAppId: string, url: string): Promise<boolean> {
    const rows = await queryRows(
      this.unitOfWork,
      `SELECT 1 FROM payments.disabled_endpoints WHERE mini_app_id = $1 AND url = $2`,
      [miniAppId, url],
    );
    return rows.length > 0;
  }

  async setDisabled(miniAppId: string, url: string, disabled: boolean, at: Date): Promise<void> {
    if (disabled)
      await this.autonomous.query(
        `INSERT INTO payments.disabled_endpoints (mini_app_id, url, disabled_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`,
        [miniAppId, url, at],
      );
    else
      await this.autonomous.query(`DELETE FROM payments.disabled_endpoints WHERE mini_app_id = $1 AND url = $2`, [
        miniAppId,
        url,
      ]);
  }

  async pruneSettledBefore(cutoff: Date, limit: number): Promise<number> {
    const [row] = await queryRows(
      this.unitOfWork,
      `WITH gone AS (DELETE FROM payments.notifications
                      WHERE id IN (SELECT id FROM payments.notifications WHERE settled_at < $1 LIMIT $2) RETURNING id),
            attempts AS (DELETE FROM payments.notification_attempts a USING gone WHERE a.notification_id = gone.id)
       SELECT count(*)::int AS n FROM gone`,
      [cutoff, limit],
    );
    return row.n as number;
  }
}

function toNotification(row: Record<string, any>): Notification {
  return {
    id: row.id,
    orderId: row.order_id,
    miniAppId: row.mini_app_id,
    sequence: row.sequence,
    type: row.type,
    payload: row.payload,
    url: row.url,
    status: row.status,
    attempts: row.attempts,
    deliveryAttempts: row.delivery_attempts,
    createdAt: row.created_at,
    settledAt: row.settled_at,
  };
}
