import { useEffect } from 'react';

/** The browser tab (and a screen reader's page announcement) names the screen: "API Settings · Default brand · Duar". */
export function usePageTitle(...parts: (string | undefined)[]): void {
  const title = [...parts.filter(Boolean), 'Duar'].join(' · ');
  useEffect(() => {
    document.title = title;
  }, [title]);
}
