import { integrationEvent } from '../../kernel/integration-event';
import { personalDataErased, type PersonalDataErasedV1 } from '../privacy/erasure';

/** `identity.personal-data-erased` v1: identity erased or pseudonymised what it held on a person (privacy tracks the erasure). */
export class IdentityPersonalDataErased extends integrationEvent<PersonalDataErasedV1>(
  personalDataErased('identity'),
) {}
