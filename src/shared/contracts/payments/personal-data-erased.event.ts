import { integrationEvent } from '../../kernel/integration-event';
import { personalDataErased, type PersonalDataErasedV1 } from '../privacy/erasure';

/** `payments.personal-data-erased` v1: payments erased or pseudonymised what it held on a person (privacy tracks the erasure). */
export class PaymentsPersonalDataErased extends integrationEvent<PersonalDataErasedV1>(
  personalDataErased('payments'),
) {}
