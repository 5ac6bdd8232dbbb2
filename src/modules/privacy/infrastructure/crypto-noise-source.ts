import { Injectable } from '@nestjs/common';
import { NoiseSource } from '../application/ports/noise-source';
import { cryptoRandomInt } from '../domain/random-int';

@Injectable()
export class CryptoNoiseSource extends NoiseSource {
  readonly randomInt = cryptoRandomInt;
}
