import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type PlatformConfig } from '../../../platform/config/app-config';
import { currencyExponent } from '../../../shared/kernel/money';
import { ProblemError } from '../../../shared/kernel/problem';

/** The currencies this wallet holds (WALLET_CURRENCIES), each a real ISO 4217 code. */
@Injectable()
export class Currencies {
  private readonly supported: ReadonlySet<string>;

  constructor(@Inject(APP_CONFIG) private readonly config: PlatformConfig) {
    const unknown = config.WALLET_CURRENCIES.filter((code) => currencyExponent(code) === undefined);
    if (unknown.length) throw new Error(`WALLET_CURRENCIES: ${unknown.join(', ')} is not an ISO 4217 currency`);
    if (!config.WALLET_CURRENCIES.includes(config.WALLET_DEFAULT_CURRENCY))
      throw new Error('WALLET_DEFAULT_CURRENCY must be one of WALLET_CURRENCIES');
    this.supported = new Set(config.WALLET_CURRENCIES);
  }

  get default(): string {
    return this.config.WALLET_DEFAULT_CURRENCY;
  }

  get all(): readonly string[] {
    return this.config.WALLET_CURRENCIES;
  }

  /** Throws a 422 naming the currencies held when `currency` is not one of them. */
  require(currency: string): string {
    if (!this.supported.has(currency)) {
      throw new ProblemError(
        422,
        'unsupported-currency',
        'Unsupported currency',
        `This wallet holds ${[...this.supported].join(', ')}, not ${currency}.`,
        [{ pointer: '#/currency', detail: `must be one of ${[...this.supported].join(', ')}` }],
      );
    }
    return currency;
  }
}
