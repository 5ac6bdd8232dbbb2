import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The ε each subject has spent on new releases in each calendar month (UTC), in thousandths. */
@Entity({ schema: 'privacy', name: 'budgets' })
export class BudgetEntity {
  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'budgets_pkey' })
  subject: string;

  /** `2026-12` */
  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'budgets_pkey' })
  period: string;

  @Column({ name: 'spent_milli', type: 'integer' })
  spentMilli: number;
}
