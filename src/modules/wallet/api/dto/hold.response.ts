import { ApiProperty } from '@nestjs/swagger';
import type { HoldRecord } from '../../application/ports/hold-repository';
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
  @ApiProperty({ format: 'uuid' })
  payerAccountId: string;
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

  static from(h: HoldRecord): HoldResponse {
    return {
      id: h.id,
      status: h.status,
      amount: Number(h.amount),
      currency: h.currency,
      payerAccountId: h.payerAccountId,
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
