/** The platform's money fields, as every module's API takes them. */
export { Amount, CurrencyCode } from '../../../../platform/http/money-fields';
