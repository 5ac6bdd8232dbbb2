import { ApiProperty } from '@nestjs/swagger';
import type { Instrument } from '../../application/ports/instrument-repository';

/** What is kept of an instrument: never the card number, the CVC, the provider token or the full IBAN. */
export class InstrumentResponse {
  @ApiProperty({ format: 'uuid' })
  id: string;
  @ApiProperty({ enum: ['card', 'bank-account'] })
  kind: 'card' | 'bank-account';
  @ApiProperty({ nullable: true, type: String, example: 'visa' })
  brand: string | null;
  @ApiProperty({ nullable: true, type: String, example: '4242' })
  last4: string | null;
  @ApiProperty({ nullable: true, type: Number, example: 12 })
  expMonth: number | null;
  @ApiProperty({ nullable: true, type: Number, example: 2030 })
  expYear: number | null;
  @ApiProperty({ nullable: true, type: String, example: 'DE89**************3000' })
  iban: string | null;
  @ApiProperty({ nullable: true, type: String })
  holderName: string | null;
  @ApiProperty()
  createdAt: string;

  static from(i: Instrument): InstrumentResponse {
    return {
      id: i.id,
      kind: i.kind,
      brand: i.brand,
      last4: i.last4,
      expMonth: i.expMonth,
      expYear: i.expYear,
      iban: i.ibanMasked,
      holderName: i.holderName,
      createdAt: i.createdAt.toISOString(),
    };
  }
}

export class InstrumentListResponse {
  @ApiProperty({ type: [InstrumentResponse] })
  items: InstrumentResponse[];
}
