import { ApiProperty } from '@nestjs/swagger';
import { TRANSFER_KINDS, type TransferKind } from '../../../../shared/contracts/wallet';
import type { Transfer } from '../../application/ports/transfer-repository';
import { MerchantView } from '../../domain/merchant-view';

export class TransferResponse {
  @ApiProperty({ format: 'uuid' })
  id: string;
  @ApiProperty({ enum: TRANSFER_KINDS })
  kind: TransferKind;
  @ApiProperty({ example: 1250, description: 'Minor units' })
  amount: number;
  @ApiProperty({ example: 'EUR' })
  currency: string;
  @ApiProperty({
    format: 'uuid',
    nullable: true,
    type: String,
    description: 'Null to the merchant it paid: who paid is not shown',
  })
  fromAccountId: string | null;
  @ApiProperty({
    format: 'uuid',
    nullable: true,
    type: String,
    description: 'Null to the merchant it came from (a refund)',
  })
  toAccountId: string | null;
  @ApiProperty({ nullable: true, type: String })
  note: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'uuid', description: 'The transfer this one refunds' })
  reversesTransferId: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'uuid', description: 'The hold this transfer captured' })
  holdId: string | null;
  @ApiProperty()
  createdAt: string;

  static from(t: Transfer, viewer: MerchantView = MerchantView.NONE): TransferResponse {
    return {
      id: t.id,
      kind: t.kind,
      amount: Number(t.amount),
      currency: t.currency,
      fromAccountId: viewer.party(t.debitAccountId, t.creditAccountId),
      toAccountId: viewer.party(t.creditAccountId, t.debitAccountId),
      note: t.note,
      reversesTransferId: t.reversesId,
      holdId: t.holdId,
      createdAt: t.createdAt.toISOString(),
    };
  }
}
