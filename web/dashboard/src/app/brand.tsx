import { createContext, useContext } from 'react';
import type { Brand } from '../api/types.js';

export type BrandContextValue = {
  brand: Brand;
  brands: Brand[];
  reloadBrands: () => Promise<void>;
  /** Pending wallet payments waiting for the merchant, as shown in the menu ("1000+" once the server stops counting); null while loading or when none wait. */
  needsApproval: string | null;
  reloadNeedsApproval: () => Promise<void>;
};
export const BrandContext = createContext<BrandContextValue | null>(null);

/** The brand the current page acts on (from the URL), and all brands for the switcher. */
export function useBrand(): BrandContextValue {
  const ctx = useContext(BrandContext);
  if (!ctx) throw new Error('useBrand outside BrandLayout');
  return ctx;
}
