import { lookup } from 'node:dns';
import type { LookupFunction } from 'node:net';
import { Injectable } from '@nestjs/common';

/**
 * How outbound calls resolve names: the system's resolver. Its own provider so that a test can stand
 * in for DNS (no network here) and prove that the address is judged after resolution.
 */
@Injectable()
export class HostResolver {
  lookup: LookupFunction = lookup;
}
