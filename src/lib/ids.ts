import { randomInt } from 'node:crypto';

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** `length` characters drawn uniformly from base62 by a CSPRNG (≈5.95 bits each). */
export function randomBase62(length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += BASE62[randomInt(62)];
  return out;
}

export function encodeBase62(value: number, width: number): string {
  let out = '';
  for (let v = value; out.length < width; v = Math.floor(v / 62)) out = BASE62[v % 62] + out;
  return out;
}

/** Prefixed ids say what they are when pasted into a ticket: brd_, key_, dev_, sms_, adm_, pay_, ref_, evt_, aud_. */
export type IdPrefix =
  | 'brd'
  | 'key'
  | 'dev'
  | 'sms'
  | 'adm'
  | 'pay'
  | 'ref'
  | 'evt'
  | 'dlv'
  | 'aud'
  | 'pm'
  | 'alc'
  | 'alr'
  | 'ald'
  | 'plk'
  | 'inv'
  | 'ses'
  | 'ivc';

export function newId(prefix: IdPrefix): string {
  return `${prefix}_${randomBase62(16)}`;
}
