import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { FindMerchantPayment, type FoundMerchantPayment } from '../../../../shared/contracts/wallet';
import { TransferRepository } from '../ports/transfer-repository';

/** A payment into the merchant account under the sender's reference (each reference pays once: the sender's key is per attempt). */
@QueryHandler(FindMerchantPayment)
export class FindMerchantPaymentHandler implements IQueryHandler<FindMerchantPayment, FoundMerchantPayment | null> {
  constructor(private readonly transfers: TransferRepository) {}

  async execute({ merchantAccountId, reference }: FindMerchantPayment): Promise<FoundMerchantPayment | null> {
    const paymentTransferId = await this.transfers.findPayment(merchantAccountId, reference);
    return paymentTransferId ? { paymentTransferId } : null;
  }
}
