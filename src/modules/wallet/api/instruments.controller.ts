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
  @ApiOperation({
    operationId: 'addCard',
    summary:
      'Add a card: checked (Luhn, expiry, CVC), tokenized by the provider; only brand, last four and expiry are kept',
    description:
      'Saves a card after checking its number (Luhn), expiry and CVC; the provider tokenizes it and only brand, last four digits and expiry are kept, never the number or CVC.',
  })
  @ApiCreatedResponse({ type: InstrumentResponse })
  async addCard(@CurrentUser() caller: AuthenticatedUser, @Body() body: AddCardRequest): Promise<InstrumentResponse> {
    const { number, expMonth, expYear, cvc } = body;
    return InstrumentResponse.from(
      await this.commands.execute(new AddCard(caller.id, { number, expMonth, expYear, cvc }, body.holderName ?? null)),
    );
  }

  @Post('bank-accounts')
  @ApiOperation({
    operationId: 'addBankAccount',
    summary: 'Add a bank account: the IBAN is validated and kept masked',
    description: 'Saves a bank account after validating its IBAN; it is kept masked.',
  })
  @ApiCreatedResponse({ type: InstrumentResponse })
  async addBankAccount(
    @CurrentUser() caller: AuthenticatedUser,
    @Body() body: AddBankAccountRequest,
  ): Promise<InstrumentResponse> {
    return InstrumentResponse.from(
      await this.commands.execute(new AddBankAccount(caller.id, body.iban, body.holderName)),
    );
  }

  @Get()
  @ApiOperation({
    operationId: 'listInstruments',
    summary: "The caller's cards and bank accounts",
    description: "The caller's saved cards and bank accounts, masked.",
  })
  @ApiOkResponse({ type: InstrumentListResponse })
  async list(@CurrentUser() caller: AuthenticatedUser): Promise<InstrumentListResponse> {
    return { items: (await this.queries.execute(new ListInstruments(caller.id))).map(InstrumentResponse.from) };
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({
    operationId: 'removeInstrument',
    summary: 'Remove a card or bank account; it can no longer be charged',
    description: "Removes one of the caller's saved instruments; another user's answers 404.",
  })
  @ApiNoContentResponse()
  async remove(@CurrentUser() caller: AuthenticatedUser, @Param('id', new ParseUUIDPipe()) id: string): Promise<void> {
    await this.commands.execute(new RemoveInstrument(caller.id, id));
  }
}
