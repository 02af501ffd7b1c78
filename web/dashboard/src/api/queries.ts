import { QueryClient, useInfiniteQuery, useQuery, useQueryClient, type QueryKey } from '@tanstack/react-query';
import { useCallback } from 'react';
import { useBrand } from '../app/brand.js';
import type { BrandList, Me, MemberBrand } from './types.js';
import { api, enc, onSignedInAgain } from './client.js';

/**
 * The dashboard's data goes through TanStack Query (ADR 030). Nothing outlives the page that shows it: `gcTime: 0`
 * forgets a query's answer as soon as no component on screen reads it. A failure is said at once (no retries) with
 * "Try again", and data loads again when something changes it, not when the window regains focus.
 */
export const queryClient = new QueryClient({
  defaultOptions: { queries: { gcTime: 0, retry: false, refetchOnWindowFocus: false, refetchOnReconnect: false } },
});

// A load that failed while the session had ended (401) runs again once the merchant signs in again.
onSignedInAgain(() => void queryClient.refetchQueries({ type: 'active', predicate: (q) => q.state.status === 'error' }));

const BRANDS: QueryKey = ['brands'];

/** Every brand, for the header's switcher and the first brand to open. */
export function useBrands() {
  return useQuery({ queryKey: BRANDS, queryFn: () => api.get<BrandList>('/brands').then((r): MemberBrand[] => r.brands) });
}

/** After a brand was created or its settings changed: the brand list loads again (awaitable, so the next page knows it). */
export function brandsChanged(): Promise<void> {
  return queryClient.invalidateQueries({ queryKey: BRANDS });
}

/**
 * A brand's resource read with GET /admin/api/brands/<slug>/<path>, e.g. `api-keys`, `payments?status=pending`,
 * `payments/pay_…`. Its key is ['brand', slug, resource, path], the resource being the path's first segment: each
 * resource has its own key, and ['brand', slug] is the prefix of everything a brand shows.
 */
export function brandQuery<T>(slug: string, path: string) {
  const resource = path.split(/[/?]/, 1)[0];
  return { queryKey: ['brand', slug, resource, path], queryFn: () => api.get<T>(`/brands/${enc(slug)}/${path}`) };
}

/** While other filters or another page of the same brand load, the rows shown stay (never another brand's). */
function sameBrand<D>(previous: D | undefined, query: { queryKey: QueryKey } | undefined, slug: string): D | undefined {
  return query?.queryKey[1] === slug ? previous : undefined;
}

/** The current brand's `path` (see brandQuery); `select` picks the part the page shows. */
export function useBrandQuery<T, R = T>(path: string, select?: (data: T) => R) {
  const { brand } = useBrand();
  return useQuery({ ...brandQuery<T>(brand.slug, path), select, placeholderData: (previous, query) => sameBrand(previous, query, brand.slug) });
}

/**
 * A list the server pages by cursor (`next_cursor`): the first page, then each next one on `fetchNextPage()`, kept
 * together; a change in the brand loads every page shown again.
 */
export function useBrandPages<T extends { next_cursor: string | null }>(path: string) {
  const { brand } = useBrand();
  const { queryKey } = brandQuery(brand.slug, path);
  const join = path.includes('?') ? '&' : '?';
  return useInfiniteQuery({
    queryKey: [...queryKey, 'pages'],
    queryFn: ({ pageParam }) => api.get<T>(`/brands/${enc(brand.slug)}/${path}${pageParam ? `${join}cursor=${enc(pageParam)}` : ''}`),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next_cursor,
    placeholderData: (previous, query) => sameBrand(previous, query, brand.slug),
  });
}

/**
 * Call after any change made in the current brand: every query of the brand on screen loads again. All of them, not
 * the one resource changed, because one change touches several (approving an SMS completes its payment, sends an IPN
 * and lowers the "Needs approval" count) and every change is in the audit log; gcTime 0 keeps the cost to what the page
 * shows. Answers once they have loaded, for a caller that must see the new data before it goes on.
 */
export function useBrandChanged(): () => Promise<void> {
  const client = useQueryClient();
  const { brand } = useBrand();
  return useCallback(() => client.invalidateQueries({ queryKey: ['brand', brand.slug] }), [client, brand.slug]);
}

/** The signed-in person's own account: their roles, and whether their two-factor sign-in is on. */
export const meQuery = { queryKey: ['me'], queryFn: () => api.get<Me>('/me') };
