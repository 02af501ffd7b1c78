import type { Db } from '../src/db/index.js';
import type { Brand } from '../src/modules/brands/brands.js';

/** One request shape to load. `prepare` may seed data first and adjust the request (e.g. an invoice id to verify). */
export type Scenario = {
  name: string;
  method: 'GET' | 'POST';
  path: string;
  body?: unknown;
  prepare?: (ctx: { db: Db; appKey: Buffer; brand: Brand; key: string; publicUrl: string }) => Promise<Partial<Scenario>>;
};

export const scenarios: Scenario[] = [
  { name: 'GET /health (no key, framework only)', method: 'GET', path: '/health' },
  { name: 'GET /api/me (key auth)', method: 'GET', path: '/api/me' },
];
