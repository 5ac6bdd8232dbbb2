import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsDateString, IsIn, IsOptional } from 'class-validator';
import { PageQuery } from '../../../../platform/http/page-query';
import { TRANSFER_KINDS, type TransferKind } from '../../../../shared/contracts/wallet';
import type { StatementLine } from '../../application/ports/transfer-repository';
import { MerchantView } from '../../domain/merchant-view';

export class StatementQuery extends PageQuery {
  @ApiPropertyOptional({ format: 'date-time', description: 'From this instant (inclusive)' })
  @IsOptional()
  @IsDateString({ strict: true })
  from?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'Until this instant (exclusive)' })
  @IsOptional()
  @IsDateString({ strict: true })
  to?: string;

  @ApiPropertyOptional({ enum: TRANSFER_KINDS, description: 'Only movements of this kind' })
  @IsOptional()
  @IsIn(TRANSFER_KINDS)
  type?: TransferKind;
}

export class StatementLineResponse {
  @ApiProperty({ format: 'uuid' })
  transferId: string;
  @ApiProperty({ enum: TRANSFER_KINDS })
  type: TransferKind;
  @ApiProperty({ format: 'uuid', description: 'Your account this line is on' })
  accountId: string;
  @ApiProperty({ enum: ['credit', 'debit'] })
  direction: 'credit' | 'debit';
  @ApiProperty({ example: -1250, description: 'Signed minor units: positive in, negative out' })
  amount: number;
  @ApiProperty({ example: 'EUR' })
  currency: string;
  @ApiProperty({
    format: 'uuid',
    nullable: true,
    type: String,
    description: 'The other side of the transfer; null on a merchant account, whose statement does not show who paid',
  })
  counterpartyAccountId: string | null;
  @ApiProperty({ nullable: true, type: String })
  note: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' })
  reversesTransferId: string | null;
  @ApiProperty()
  createdAt: string;

  static from(line: StatementLine, viewer: MerchantView = MerchantView.NONE): StatementLineResponse {
    const t = line.transfer;
    const credit = line.amount > 0n;
    return {
      transferId: t.id,
      type: t.kind,
      accountId: line.accountId,
      direction: credit ? 'credit' : 'debit',
      amount: Number(line.amount),
      currency: t.currency,
      counterpartyAccountId: viewer.party(credit ? t.debitAccountId : t.creditAccountId, line.accountId),
      note: t.note,
      reversesTransferId: t.reversesId,
      createdAt: t.createdAt.toISOString(),
    };
  }
}

export class StatementResponse {
  @ApiProperty({ type: [StatementLineResponse] })
  items: StatementLineResponse[];
  @ApiProperty({ nullable: true, type: String })
  nextCursor: string | null;
}
