import { createContext, useContext } from 'react';
import type { Brand } from '../api/types.js';

export type BrandContextValue = { brand: Brand; brands: Brand[] };
export const BrandContext = createContext<BrandContextValue | null>(null);

/** The brand the current page acts on (from the URL), and all brands for the switcher. */
export function useBrand(): BrandContextValue {
  const ctx = useContext(BrandContext);
  if (!ctx) throw new Error('useBrand outside BrandLayout');
  return ctx;
}
