import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { AggregateValue } from '../../../shared/contracts/privacy';

/**
 * Every answer released, kept so that the same query gets the same answer: asking again and
 * averaging would otherwise wear the noise away. Holds only protected counts, no personal data.
 */
@Entity({ schema: 'privacy', name: 'releases' })
export class ReleaseEntity {
  /** Whose budget paid: `mini-app:<id>` or `platform`. */
  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'releases_pkey' })
  subject: string;

  /** The metric and range, canonically. */
  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'releases_pkey' })
  query: string;

  @Column({ type: 'jsonb' })
  values: AggregateValue[];

  @Column({ type: 'integer' })
  k: number;

  @Column({ name: 'epsilon_milli', type: 'integer' })
  epsilonMilli: number;

  @Column({ type: 'text' })
  scale: string;

  @Column({ name: 'released_at', type: 'timestamptz' })
  releasedAt: Date;
}
