import { ApiProperty } from '@nestjs/swagger';
import type { HoldRecord } from '../../application/ports/hold-repository';
import { MerchantView } from '../../domain/merchant-view';
import { TransferResponse } from './transfer.response';

export class HoldResponse {
  @ApiProperty({ format: 'uuid' })
  id: string;
  @ApiProperty({ enum: ['pending', 'captured', 'voided', 'expired'] })
  status: string;
  @ApiProperty({ example: 5000 })
  amount: number;
  @ApiProperty({ example: 'EUR' })
  currency: string;
  @ApiProperty({
    format: 'uuid',
    nullable: true,
    type: String,
    description: 'Null to the merchant it is for: who pays is not shown',
  })
  payerAccountId: string | null;
  @ApiProperty({ format: 'uuid' })
  payeeAccountId: string;
  @ApiProperty({ nullable: true, type: Number })
  capturedAmount: number | null;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' })
  captureTransferId: string | null;
  @ApiProperty()
  expiresAt: string;
  @ApiProperty()
  createdAt: string;
  @ApiProperty({ nullable: true, type: String })
  settledAt: string | null;

  static from(h: HoldRecord, viewer: MerchantView = MerchantView.NONE): HoldResponse {
    return {
      id: h.id,
      status: h.status,
      amount: Number(h.amount),
      currency: h.currency,
      payerAccountId: viewer.party(h.payerAccountId, h.payeeAccountId),
      payeeAccountId: h.payeeAccountId,
      capturedAmount: h.capturedAmount === null ? null : Number(h.capturedAmount),
      captureTransferId: h.captureTransferId,
      expiresAt: h.expiresAt.toISOString(),
      createdAt: h.createdAt.toISOString(),
      settledAt: h.settledAt?.toISOString() ?? null,
    };
  }
}

export class CaptureResponse {
  @ApiProperty({ type: HoldResponse })
  hold: HoldResponse;
  @ApiProperty({ type: TransferResponse })
  transfer: TransferResponse;
}
