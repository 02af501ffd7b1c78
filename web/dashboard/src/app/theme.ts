import { createTheme, darken, luminance, type CSSVariablesResolver } from '@mantine/core';

/** WCAG contrast ratio of two colours (any CSS colour Mantine can parse). */
export function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

/** The colour, darkened in small steps until it reaches `ratio` against `against` (AA text is 4.5; a margin is kept). */
export function readable(color: string, against: string, ratio = 4.7): string {
  let c = color;
  for (let step = 1; contrast(c, against) < ratio && step <= 20; step++) c = darken(color, step * 0.05);
  return c;
}

const WHITE = '#ffffff';

/**
 * Mantine's light-scheme defaults put grey helper text (3.3:1), indigo buttons (4.3:1), green badges (2.4:1) and
 * placeholders (2.1:1) below WCAG AA. Every colour's filled, outline, text and light-variant shades are replaced here
 * by the nearest darker tone that reads at 4.5:1, so every component (buttons, badges, alerts, links) follows.
 */
export const cssVariablesResolver: CSSVariablesResolver = (theme) => {
  const light: Record<string, string> = {
    '--mantine-color-dimmed': theme.colors.gray[7]!,
    '--mantine-color-placeholder': readable(theme.colors.gray[6]!, WHITE),
    '--mantine-color-error': readable(theme.colors.red[7]!, WHITE),
  };
  for (const [name, shades] of Object.entries(theme.colors)) {
    if (name === 'dark') continue;
    // Against a light grey (table hover, striped rows), so text in those rows reads too; white is lighter still.
    const filled = readable(shades[7]!, theme.colors.gray[1]!);
    light[`--mantine-color-${name}-filled`] = filled;
    light[`--mantine-color-${name}-filled-hover`] = darken(filled, 0.12);
    light[`--mantine-color-${name}-outline`] = filled;
    light[`--mantine-color-${name}-text`] = filled;
    // Read against the hover tint (shade 2), the darker of the two light-variant backgrounds (active menu item, alert).
    light[`--mantine-color-${name}-light-color`] = readable(shades[9]!, shades[2]!);
  }
  light['--mantine-color-anchor'] = light[`--mantine-color-${theme.primaryColor}-filled`]!;
  return { variables: {}, light, dark: {} };
};

// Motion follows the visitor's system setting (also keeps browser tests free of animation waits).
/** Noto Sans Bengali first: its faces cover only ৳ and Bangla (bengali-font.css), so Latin text goes on to the system fonts. */
const FONTS = 'Noto Sans Bengali, -apple-system, BlinkMacSystemFont, Segoe UI, Roboto, Helvetica, Arial, sans-serif, Apple Color Emoji, Segoe UI Emoji';

export const theme = createTheme({
  primaryColor: 'indigo',
  defaultRadius: 'md',
  respectReducedMotion: true,
  fontFamily: FONTS,
  headings: {
    fontFamily: FONTS,
  },
  components: {
    // A dialog's (or drawer's) header is a <header> element outside any landmark, which screen readers announce as a second page
    // banner; inside a dialog it is only the title row.
    Modal: { defaultProps: { attributes: { header: { role: 'none' } } } },
    Drawer: { defaultProps: { attributes: { header: { role: 'none' } } } },
    // Icon-only close and clear buttons get names (axe: button-name); a component may still name its own.
    CloseButton: { defaultProps: { 'aria-label': 'Close' } },
    Notification: { defaultProps: { closeButtonProps: { 'aria-label': 'Close notification' } } },
    Select: { defaultProps: { clearButtonProps: { 'aria-label': 'Clear' } } },
    DatePickerInput: { defaultProps: { clearButtonProps: { 'aria-label': 'Clear the dates' } } },
  },
});
