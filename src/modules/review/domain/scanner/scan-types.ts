/** Public vocabulary of the bundle scanner. */

export type Severity = 'critical' | 'warning';

export type RuleId =
  | 'parse-error'
  | 'dynamic-code'
  | 'dynamic-global-access'
  | 'dynamic-import'
  | 'network-outside-sdk'
  | 'host-private-api'
  | 'device-outside-sdk'
  | 'external-resource'
  | 'obfuscation'
  | 'undeclared-domain';

/** `line` and `column` are 1-based; columns count UTF-16 code units, as editors and browsers do. */
export interface Finding {
  ruleId: string;
  severity: Severity;
  file: string;
  line: number;
  column: number;
  snippet: string;
  message: string;
}

/** A file of the bundle; `path` is relative to the bundle root, e.g. 'js/app.js', 'index.html'. */
export interface BundleFile {
  path: string;
  content: string;
}

/** `domains` are the manifest's origins, e.g. 'https://api.citybikes.example'; only https ones count. */
export interface ScanInput {
  files: BundleFile[];
  domains: string[];
}

/** `usedScopes` are the SDK scopes the code calls for, sorted and unique. */
export interface ScanResult {
  findings: Finding[];
  usedScopes: string[];
}

export const RULE_SEVERITY: Readonly<Record<RuleId, Severity>> = {
  'parse-error': 'critical',
  'dynamic-code': 'critical',
  'dynamic-global-access': 'critical',
  'dynamic-import': 'critical',
  'network-outside-sdk': 'critical',
  'host-private-api': 'critical',
  'device-outside-sdk': 'critical',
  'external-resource': 'critical',
  obfuscation: 'warning',
  'undeclared-domain': 'warning',
};
