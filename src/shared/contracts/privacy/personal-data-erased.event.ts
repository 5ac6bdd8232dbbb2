import { integrationEvent } from '../../kernel/integration-event';
import { personalDataErased, type PersonalDataErasedV1 } from './erasure';

/** `privacy.personal-data-erased` v1: privacy erased or pseudonymised what it held on a person (privacy tracks the erasure). */
export class PrivacyPersonalDataErased extends integrationEvent<PersonalDataErasedV1>(personalDataErased('privacy')) {}
