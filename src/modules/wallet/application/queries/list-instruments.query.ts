import { type IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { type Instrument, InstrumentRepository } from '../ports/instrument-repository';

export class ListInstruments extends Query<Instrument[]> {
  constructor(readonly ownerId: string) {
    super();
  }
}

@QueryHandler(ListInstruments)
export class ListInstrumentsHandler implements IQueryHandler<ListInstruments, Instrument[]> {
  constructor(private readonly instruments: InstrumentRepository) {}

  execute({ ownerId }: ListInstruments): Promise<Instrument[]> {
    return this.instruments.listOwned(ownerId);
  }
}
