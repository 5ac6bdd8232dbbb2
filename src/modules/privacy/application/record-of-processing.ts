import type { PlatformConfig } from '../../../platform/config/app-config';
import type { ModuleContract, PersonalData } from '../../../platform/messaging/module-contract';

/** One processing activity (GDPR Art. 30): what is kept, why, on what basis, how long, and who receives it. */
export interface ProcessingActivity {
  module: string;
  purpose: string;
  legalBasis: PersonalData['legalBasis'];
  /** How long, in words, with the configured value where a setting bounds it. */
  retention: string;
  recipients: readonly string[];
  /** What a person's erasure does to it: deleted, or kept and why. */
  onErasure: string;
  /** For the operators' variant only: where it is kept. */
  table?: string;
  columns?: readonly string[];
}

const UNITS: Array<[suffix: string, unit: string]> = [
  ['_DAYS', 'days'],
  ['_HOURS', 'hours'],
  ['_MINUTES', 'minutes'],
  ['_SECONDS', 'seconds'],
];

/** A retention in words: the setting's configured value with its unit, or the declared rule. */
export function retentionInWords(retention: PersonalData['retention'], config: PlatformConfig): string {
  if ('rule' in retention) return retention.rule;
  const unit = UNITS.find(([suffix]) => retention.setting.endsWith(suffix))?.[1];
  const value = String(config[retention.setting]);
  const span = unit ? `${value} ${unit} (${retention.setting})` : `${value} (${retention.setting})`;
  return retention.after ? `${span} after ${retention.after}` : span;
}

/**
 * The record of processing, from every module's declaration. The public variant says what and why;
 * the operators' variant also says where (tables and columns), which only helps someone inside.
 */
export function recordOfProcessing(
  contracts: readonly ModuleContract[],
  config: PlatformConfig,
  variant: 'public' | 'operators',
): ProcessingActivity[] {
  return contracts.flatMap((contract) =>
    contract.personalData.map((data) => ({
      module: contract.name,
      purpose: data.purpose,
      legalBasis: data.legalBasis,
      retention: retentionInWords(data.retention, config),
      recipients: data.recipients ?? [],
      onErasure: data.keptOnErasure ? `kept: ${data.keptOnErasure}` : 'deleted',
      ...(variant === 'operators' && { table: `${contract.schema}.${data.table}`, columns: data.columns }),
    })),
  );
}
