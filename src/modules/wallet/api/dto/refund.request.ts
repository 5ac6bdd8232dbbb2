import { ValidateIf } from 'class-validator';
import { Amount } from './money-fields';

export class RefundRequest {
  /** Absent: everything not refunded yet. */
  // Absent is allowed; null is not a number of minor units and is refused like any other wrong value.
  @ValidateIf((_, value) => value !== undefined)
  @Amount({ required: false })
  amount?: number;
}
