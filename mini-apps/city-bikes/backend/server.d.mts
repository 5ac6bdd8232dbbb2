import type { Server } from 'node:http';

export interface CityBikesBackendOptions {
  platformUrl: string;
  issuer?: string;
  slug?: string;
  clientSecret?: string;
  publicOrigin: string;
}

export function createCityBikesBackend(options: CityBikesBackendOptions): Server;
