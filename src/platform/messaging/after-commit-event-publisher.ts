import type { IEvent, IEventPublisher } from '@nestjs/cqrs';
import type { UnitOfWork } from '../database/unit-of-work';

/**
 * Publishes an integration event only once the unit of work that raised it has committed:
 * an event raised inside a transaction waits for the outermost commit and is dropped on
 * rollback (of the whole transaction, or of the savepoint it was raised in); one raised
 * outside any unit of work goes out at once. Listeners never see a fact that did not happen.
 * (The governance bus replaces this with a durable outbox.)
 */
export class AfterCommitEventPublisher implements IEventPublisher {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly deliver: (event: IEvent) => void,
  ) {}

  publish<T extends IEvent>(event: T): void {
    this.unitOfWork.afterCommit(() => this.deliver(event));
  }

  publishAll<T extends IEvent>(events: T[]): void {
    for (const event of events) this.publish(event);
  }
}
