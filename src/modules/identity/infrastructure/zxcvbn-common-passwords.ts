import { Injectable } from '@nestjs/common';
import { dictionary } from '@zxcvbn-ts/language-common';
import { CommonPasswords } from '../application/ports/common-passwords';

/** The ~49,000 most common passwords of the zxcvbn-ts dictionary, as NIST asks us to refuse. */
@Injectable()
export class ZxcvbnCommonPasswords extends CommonPasswords {
  private readonly list = new Set<string>(dictionary['passwords-common'].map((p) => p.toLowerCase()));

  includes(lowercasePassword: string): boolean {
    return this.list.has(lowercasePassword);
  }
}
