import { ApiProperty } from '@nestjs/swagger';
import { available } from '../../domain/account';
import type { AccountView } from '../../application/ports/account-repository';

export class BalanceResponse {
  @ApiProperty({ example: 10000, description: 'Posted: Σ credits − Σ debits, minor units' })
  posted: number;
  @ApiProperty({ example: 2500, description: 'Reserved by open holds on this account as payer' })
  pendingDebits: number;
  @ApiProperty({ example: 0, description: 'Promised to this account by open holds as payee' })
  pendingCredits: number;
  @ApiProperty({ example: 7500, description: 'What can be spent: posted − pending debits' })
  available: number;
}

export class AccountResponse {
  @ApiProperty({ format: 'uuid' })
  id: string;
  @ApiProperty({ enum: ['user', 'merchant'] })
  kind: 'user' | 'merchant' | 'system';
  @ApiProperty({ example: 'EUR' })
  currency: string;
  @ApiProperty({ nullable: true, type: String, description: "A merchant account's name" })
  name: string | null;
  @ApiProperty({ type: BalanceResponse })
  balance: BalanceResponse;
  @ApiProperty()
  createdAt: string;

  static from(account: AccountView): AccountResponse {
    const { posted, pendingDebits, pendingCredits } = account.balance;
    return {
      id: account.id,
      kind: account.kind,
      currency: account.currency,
      name: account.name,
      balance: {
        posted: Number(posted),
        pendingDebits: Number(pendingDebits),
        pendingCredits: Number(pendingCredits),
        available: Number(available(account.balance)),
      },
      createdAt: account.createdAt.toISOString(),
    };
  }
}

export class AccountListResponse {
  @ApiProperty({ type: [AccountResponse] })
  items: AccountResponse[];
}
