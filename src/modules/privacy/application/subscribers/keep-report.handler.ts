import { EventsHandler, type IEventHandler } from '@nestjs/cqrs';
import { UnitOfWork } from '../../../../platform/database/unit-of-work';
import { Subscriber } from '../../../../platform/messaging/decorators';
import { OrderStateChanged } from '../../../../shared/contracts/payments';
import { MiniAppRegistered, VersionPublished } from '../../../../shared/contracts/review';
import {
  ConsentDenied,
  ConsentGranted,
  ConsentsExpired,
  ConsentWithdrawn,
  DomainReached,
  MiniAppForgotten,
  MiniAppLaunched,
  ScopeUsed,
} from '../../../../shared/contracts/runtime';
import type { IntegrationEvent } from '../../../../shared/kernel/integration-event';
import { REPORT_SOURCES } from '../../privacy.contract';
import { ReportStore } from '../ports/report-store';

/** The names the report shows: a mini-app's slug once registered, its name once a version is live. */
@EventsHandler(MiniAppRegistered, VersionPublished)
@Subscriber({ id: 'privacy.keep-report-names' })
export class KeepReportNames implements IEventHandler<MiniAppRegistered | VersionPublished> {
  constructor(
    private readonly store: ReportStore,
    private readonly unitOfWork: UnitOfWork,
  ) {}

  async handle(event: MiniAppRegistered | VersionPublished): Promise<void> {
    const { miniAppId, slug } = event.payload;
    const name = event instanceof VersionPublished ? event.payload.name : null;
    await this.unitOfWork.run(() => this.store.nameMiniApp(miniAppId, slug, name));
  }
}

type UsageEvent =
  | ConsentGranted
  | ConsentDenied
  | ConsentWithdrawn
  | ConsentsExpired
  | ScopeUsed
  | DomainReached
  | MiniAppLaunched
  | OrderStateChanged
  | MiniAppForgotten;

const eventIdOf = (event: IntegrationEvent) => {
  if (!event.envelope) throw new Error(`${event.type} arrived without its envelope`);
  return event.envelope.eventId;
};

/**
 * The user's privacy report, from the runtime's and payments' events only: decisions and their
 * history, each brokered access and each origin reached, launches, payments; a mini-app the user
 * made the platform forget is dropped, and nothing from before that is taken in again. Usage
 * (accesses, launches) is kept ACCESS_LOG_RETENTION_DAYS, as the runtime keeps its own records.
 */
@EventsHandler(...REPORT_SOURCES)
@Subscriber({ id: 'privacy.keep-report' })
export class KeepReport implements IEventHandler<UsageEvent> {
  constructor(
    private readonly store: ReportStore,
    private readonly unitOfWork: UnitOfWork,
  ) {}

  handle(event: UsageEvent): Promise<void> {
    return this.unitOfWork.run(() => this.apply(event));
  }

  private async apply(event: UsageEvent): Promise<void> {
    const eventId = eventIdOf(event);
    if (event instanceof ConsentGranted || event instanceof ConsentDenied) {
      const { userId, miniAppId, scope, purpose, at } = event.payload;
      const state = event instanceof ConsentGranted ? 'granted' : 'denied';
      await this.store.decided(eventId, { userId, miniAppId, scope, state, purpose, at: new Date(at) });
    } else if (event instanceof ConsentWithdrawn) {
      const { userId, miniAppId, scope, at } = event.payload;
      await this.store.withdrawn(eventId, { userId, miniAppId, scope, at: new Date(at) });
    } else if (event instanceof ConsentsExpired) {
      await this.store.expired(eventId, event.payload.miniAppId, event.payload.scopes, new Date(event.payload.at));
    } else if (event instanceof ScopeUsed || event instanceof DomainReached) {
      const { userId, miniAppId, at } = event.payload;
      const scope = event instanceof ScopeUsed ? event.payload.scope : 'network';
      const domain = event instanceof DomainReached ? event.payload.domain : null;
      await this.store.accessed(eventId, { userId, miniAppId, scope, domain, at: new Date(at) });
    } else if (event instanceof MiniAppLaunched) {
      const { launchId, userId, miniAppId, launchedAt } = event.payload;
      await this.store.launched({ launchId, userId, miniAppId, at: new Date(launchedAt) });
    } else if (event instanceof OrderStateChanged) {
      const { userId, orderId, miniAppId, amount, refundedAmount, currency, state, sequence, at } = event.payload;
      // Published before payments named the payer: nobody to show it to.
      if (!userId) return;
      await this.store.paid({
        orderId,
        userId,
        miniAppId,
        amount,
        refundedAmount,
        currency,
        state,
        sequence,
        at: new Date(at),
      });
    } else {
      await this.store.forgotten(event.payload.userId, event.payload.miniAppId, new Date(event.payload.at));
    }
  }
}
