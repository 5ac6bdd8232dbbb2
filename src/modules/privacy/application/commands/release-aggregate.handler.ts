import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { ReleaseAggregate, type ReleasedAggregate } from '../../../../shared/contracts/privacy';
import { SafeAggregates } from '../safe-aggregates';

/** Another module's counts, released safely (see the contract). */
@CommandHandler(ReleaseAggregate)
export class ReleaseAggregateHandler implements ICommandHandler<ReleaseAggregate, ReleasedAggregate> {
  constructor(private readonly aggregates: SafeAggregates) {}

  execute({ request }: ReleaseAggregate): Promise<ReleasedAggregate> {
    return this.aggregates.release(request);
  }
}
