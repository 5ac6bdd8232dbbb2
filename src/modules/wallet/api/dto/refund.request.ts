import { IsOptional } from 'class-validator';
import { Amount } from './money-fields';

export class RefundRequest {
  /** Absent: everything not refunded yet. */
  @IsOptional()
  @Amount({ required: false })
  amount?: number;
}
