import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { type ConsentActivity, CountConsentActivity } from '../../../../shared/contracts/runtime';
import { UsageCounts } from '../ports/usage-counts';

/** The privacy module's transparency report asks for the platform's consent activity (true counts; it protects them). */
@QueryHandler(CountConsentActivity)
export class CountConsentActivityHandler implements IQueryHandler<CountConsentActivity, ConsentActivity> {
  constructor(private readonly usage: UsageCounts) {}

  execute({ from, to }: CountConsentActivity): Promise<ConsentActivity> {
    return this.usage.consentActivity(from, to);
  }
}
