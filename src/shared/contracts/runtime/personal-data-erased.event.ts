import { integrationEvent } from '../../kernel/integration-event';
import { personalDataErased, type PersonalDataErasedV1 } from '../privacy/erasure';

/** `runtime.personal-data-erased` v1: runtime erased or pseudonymised what it held on a person (privacy tracks the erasure). */
export class RuntimePersonalDataErased extends integrationEvent<PersonalDataErasedV1>(personalDataErased('runtime')) {}
