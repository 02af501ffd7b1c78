import type { Executor } from '../../db/index.js';
import { findKeyRollLink } from './repository.js';

/**
 * The key whose value the IPN header carries for a payment created with `apiKeyId`: that key, or, once it was rolled
 * and its successor has made its first authenticated request, the successor (following later rolls the same way), so
 * a merchant who switched the shop to the new key gets IPNs with the key the shop now expects.
 */
export async function ipnKeyCiphertext(db: Executor, apiKeyId: string): Promise<{ id: string; key_ciphertext: string } | undefined> {
  let current = await findKeyRollLink(db, apiKeyId);
  for (let hops = 0; current?.rolled_to_id && hops < 50; hops++) {
    const next = await findKeyRollLink(db, current.rolled_to_id);
    if (!next || next.first_used_at === null) break;
    current = next;
  }
  return current && { id: current.id, key_ciphertext: current.key_ciphertext };
}
