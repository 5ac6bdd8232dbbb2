import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser } from '../../../platform/auth/decorators';
import type { AuthenticatedUser } from '../../../shared/kernel/authenticated-user';
import { AddBankAccount } from '../application/commands/add-bank-account.command';
import { AddCard } from '../application/commands/add-card.command';
import { RemoveInstrument } from '../application/commands/remove-instrument.command';
import { ListInstruments } from '../application/queries/list-instruments.query';
import { AddBankAccountRequest } from './dto/bank-account.request';
import { AddCardRequest } from './dto/card.request';
import { InstrumentListResponse, InstrumentResponse } from './dto/instrument.response';

@ApiTags('wallet')
@Controller('wallet/instruments')
export class InstrumentsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post('cards')
  @ApiOperation({ summary: 'Add a card: checked (Luhn, expiry, CVC), tokenized by the provider; only brand, last four and expiry are kept' })
  @ApiCreatedResponse({ type: InstrumentResponse })
  async addCard(@CurrentUser() caller: AuthenticatedUser, @Body() body: AddCardRequest): Promise<InstrumentResponse> {
    const { number, expMonth, expYear, cvc } = body;
    return InstrumentResponse.from(await this.commands.execute(new AddCard(caller.id, { number, expMonth, expYear, cvc }, body.holderName ?? null)));
  }

  @Post('bank-accounts')
  @ApiOperation({ summary: 'Add a bank account: the IBAN is validated and kept masked' })
  @ApiCreatedResponse({ type: InstrumentResponse })
  async addBankAccount(@CurrentUser() caller: AuthenticatedUser, @Body() body: AddBankAccountRequest): Promise<InstrumentResponse> {
    return InstrumentResponse.from(await this.commands.execute(new AddBankAccount(caller.id, body.iban, body.holderName)));
  }

  @Get()
  @ApiOperation({ summary: 'The caller\'s cards and bank accounts' })
  @ApiOkResponse({ type: InstrumentListResponse })
  async list(@CurrentUser() caller: AuthenticatedUser): Promise<InstrumentListResponse> {
    return { items: (await this.queries.execute(new ListInstruments(caller.id))).map(InstrumentResponse.from) };
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Remove a card or bank account; it can no longer be charged' })
  @ApiNoContentResponse()
  async remove(@CurrentUser() caller: AuthenticatedUser, @Param('id', new ParseUUIDPipe()) id: string): Promise<void> {
    await this.commands.execute(new RemoveInstrument(caller.id, id));
  }
}
