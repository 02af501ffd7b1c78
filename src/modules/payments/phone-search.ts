import { asciiDigits } from '../../lib/money.js';

/**
 * A phone number (or its start) typed the way people write it, as sender numbers are stored (`01XXXXXXXXX`):
 * Bangla digits read as digits, spaces, dashes, dots and brackets dropped, and the country code (+880, 880, +88)
 * taken off, so "+880 1812-345678", "০১৮১২ ৩৪৫৬৭৮" and "01812 345678" all find 01812345678. Anything that is not
 * a phone number comes back as typed (a name, an e-mail, a TrxID).
 */
export function phoneSearchPrefix(search: string): string {
  const compact = asciiDigits(search).replace(/[\s\-.()]/g, '');
  if (!/^\+?\d+$/.test(compact)) return search;
  const national = /^\+?88(01\d*)$/.exec(compact);
  if (national) return national[1]!;
  return compact.startsWith('+') ? search : compact;
}
