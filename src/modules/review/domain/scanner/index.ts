export { mergeScanResults, scanBundle } from './scan-bundle';
export type { BundleFile, Finding, RuleId, ScanInput, ScanResult, Severity } from './scan-types';
