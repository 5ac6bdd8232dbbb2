import { electronicFormatIBAN, extractIBAN, isValidIBAN } from 'ibantools';

export interface CheckedIban {
  country: string;
  /** Country, check digits and the last four characters: enough to recognise, too little to use. */
  masked: string;
}

/** Validates an IBAN (country format and mod-97 check digits, spaces allowed) and masks it. */
export function checkIban(input: string): CheckedIban | null {
  const iban = electronicFormatIBAN(input);
  if (!iban || !isValidIBAN(iban)) return null;
  const { countryCode } = extractIBAN(iban);
  return {
    country: countryCode ?? iban.slice(0, 2),
    masked: `${iban.slice(0, 4)}${'*'.repeat(iban.length - 8)}${iban.slice(-4)}`,
  };
}
