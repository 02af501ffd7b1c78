import { useLayoutEffect } from 'react';

/**
 * Dialogs here are mounted while open and unmounted on close, which skips Mantine's own focus return (it reacts to
 * `opened` turning false). This gives keyboard and screen-reader users their place back: the element focused when
 * the dialog appeared is focused again when it goes.
 */
export function useReturnFocus(): void {
  useLayoutEffect(() => {
    const previous = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    return () => {
      if (previous?.isConnected) previous.focus();
    };
  }, []);
}
