// bench:wallet's peer: the transfer endpoint a competent team builds with the usual NestJS stack: Nest on Fastify,
// a global passport-jwt guard (accepting the platform's tokens), the ValidationPipe, nestjs-pino and TypeORM, one
// transaction per transfer: idempotency row, both accounts locked in id order, the transfer, two entries, both
// balances, an outbox row, the stored answer. Under the platform's tracing setting (its instrumentation, loaded first).
import '../instrument';
import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import {
  BadRequestException,
  Body,
  Controller,
  Get,
  Headers,
  HttpCode,
  Module,
  NotFoundException,
  Post,
  Req,
  UnprocessableEntityException,
  ValidationPipe,
} from '@nestjs/common';
import { PassportModule } from '@nestjs/passport';
import { InjectDataSource, TypeOrmModule } from '@nestjs/typeorm';
import { IsIn, IsInt, IsUUID, Max, Min } from 'class-validator';
import { LoggerModule } from 'nestjs-pino';
import { Column, DataSource, Entity, In, PrimaryColumn } from 'typeorm';
import { Public, peerAuthProviders, startPeer } from '../http/peer-app';
import { baselineEnv, LIVE } from '../http/baseline-env';

const env = baselineEnv();
const POOL_SIZE = Number(process.env.DATABASE_POOL_SIZE ?? 30);

@Entity({ schema: 'ledger', name: 'accounts' })
class Account {
  @PrimaryColumn('bigint') id: string;
  @Column({ type: 'uuid', name: 'user_id' }) userId: string;
  @Column('char') currency: string;
  @Column('bigint') balance: string;
}

@Entity({ schema: 'ledger', name: 'idempotency_keys' })
class IdempotencyKey {
  @PrimaryColumn({ type: 'uuid', name: 'user_id' }) userId: string;
  @PrimaryColumn('text') key: string;
  @Column({ type: 'jsonb', nullable: true }) response: TransferAnswer | null;
}

@Entity({ schema: 'ledger', name: 'transfers' })
class Transfer {
  @PrimaryColumn('uuid') id: string;
  @Column({ type: 'bigint', name: 'from_account' }) fromAccount: string;
  @Column({ type: 'bigint', name: 'to_account' }) toAccount: string;
  @Column('bigint') amount: number;
  @Column('char') currency: string;
}

@Entity({ schema: 'ledger', name: 'entries' })
class Entry {
  @PrimaryColumn({ type: 'bigint', generated: 'identity' }) id: string;
  @Column({ type: 'uuid', name: 'transfer_id' }) transferId: string;
  @Column({ type: 'bigint', name: 'account_id' }) accountId: string;
  @Column('bigint') amount: number;
}

@Entity({ schema: 'ledger', name: 'outbox' })
class OutboxEvent {
  @PrimaryColumn({ type: 'bigint', generated: 'identity' }) id: string;
  @Column('text') type: string;
  @Column('jsonb') payload: object;
}

class TransferRequest {
  @IsUUID() toUserId: string;
  @IsInt() @Min(1) @Max(1_000_000_000) amount: number;
  @IsIn(['EUR']) currency: string;
}

interface TransferAnswer {
  id: string;
  fromUserId: string;
  toUserId: string;
  amount: number;
  currency: string;
}

@Controller()
class TransfersController {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  @Public()
  @Get('health/live')
  live() {
    return LIVE;
  }

  @Post('wallet/transfers')
  @HttpCode(201)
  transfer(
    @Req() request: { user: { id: string } },
    @Headers('idempotency-key') key: string | undefined,
    // tsx emits no decorator metadata, so the global pipe cannot see this type: named here, as a compiled app would have it.
    @Body(new ValidationPipe({ whitelist: true, transform: true, expectedType: TransferRequest }))
    body: TransferRequest,
  ): Promise<TransferAnswer> {
    if (!key || key.length > 255) throw new BadRequestException('Idempotency-Key is required');
    const payerId = request.user.id;
    return this.dataSource.transaction(async (manager) => {
      const claimed = await manager
        .createQueryBuilder()
        .insert()
        .into(IdempotencyKey)
        .values({ userId: payerId, key })
        .orIgnore()
        .returning(['key'])
        .execute();
      if (!(claimed.raw as unknown[]).length) {
        const earlier = await manager.findOneByOrFail(IdempotencyKey, { userId: payerId, key });
        if (!earlier.response) throw new UnprocessableEntityException('an earlier request with this key failed');
        return earlier.response;
      }
      const accounts = await manager.find(Account, {
        where: { userId: In([payerId, body.toUserId]) },
        order: { id: 'ASC' },
        lock: { mode: 'pessimistic_write' },
      });
      const payer = accounts.find((account) => account.userId === payerId);
      const payee = accounts.find((account) => account.userId === body.toUserId);
      if (!payer || !payee || payer === payee) throw new NotFoundException('no such recipient');
      if (BigInt(payer.balance) < BigInt(body.amount)) throw new UnprocessableEntityException('insufficient funds');
      const id = randomUUID();
      await manager.insert(Transfer, {
        id,
        fromAccount: payer.id,
        toAccount: payee.id,
        amount: body.amount,
        currency: body.currency,
      });
      await manager.insert(Entry, [
        { transferId: id, accountId: payer.id, amount: -body.amount },
        { transferId: id, accountId: payee.id, amount: body.amount },
      ]);
      await manager.decrement(Account, { id: payer.id }, 'balance', body.amount);
      await manager.increment(Account, { id: payee.id }, 'balance', body.amount);
      const answer = { id, fromUserId: payerId, toUserId: body.toUserId, amount: body.amount, currency: body.currency };
      await manager.insert(OutboxEvent, { type: 'wallet.transfer-completed', payload: answer });
      await manager.update(IdempotencyKey, { userId: payerId, key }, { response: answer });
      return answer;
    });
  }
}

@Module({
  imports: [
    LoggerModule.forRoot({ pinoHttp: { level: env.logLevel } }),
    PassportModule,
    TypeOrmModule.forRoot({
      type: 'postgres',
      url: env.databaseUrl,
      entities: [Account, IdempotencyKey, Transfer, Entry, OutboxEvent],
      extra: { max: POOL_SIZE },
    }),
  ],
  controllers: [TransfersController],
  providers: peerAuthProviders,
})
class PeerModule {}

startPeer(PeerModule, 'the wallet peer');
