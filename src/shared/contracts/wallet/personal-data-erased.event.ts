import { integrationEvent } from '../../kernel/integration-event';
import { personalDataErased, type PersonalDataErasedV1 } from '../privacy/erasure';

/** `wallet.personal-data-erased` v1: wallet erased or pseudonymised what it held on a person (privacy tracks the erasure). */
export class WalletPersonalDataErased extends integrationEvent<PersonalDataErasedV1>(personalDataErased('wallet')) {}
