import { useMediaQuery } from '@mantine/hooks';

/** True on narrow screens, known from the first render so the page does not switch layout after it appears. */
export function usePhone(query = '(max-width: 48em)'): boolean {
  return useMediaQuery(query, window.matchMedia(query).matches, { getInitialValueInEffect: false }) ?? false;
}
