import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const DOC = join(new URL('..', import.meta.url).pathname, 'docs', 'benchmarks.md');
/** bench/run.ts rewrites what is above this line and keeps what is below it. */
export const MARKER = '<!-- Kept by bench/run.ts: everything below this line survives a rerun. -->';

/**
 * Writes a bench's own section (`## <title>` and its lines) into docs/benchmarks.md below bench/run.ts's marker,
 * replacing that section's previous text, so each bench's last results stand beside the others.
 */
export function writeSection(title: string, lines: string[]): void {
  const heading = `## ${title}`;
  const text = readFileSync(DOC, 'utf8');
  const start = text.indexOf(heading);
  const kept =
    start === -1
      ? text
      : text.slice(0, start) +
        text
          .slice(start + heading.length)
          .replace(/^[\s\S]*?(?=\n## |$)/, '')
          .replace(/^\n+/, '');
  const withMarker = kept.includes(MARKER) ? kept : `${kept.trimEnd()}\n\n${MARKER}\n`;
  writeFileSync(DOC, `${withMarker.trimEnd()}\n\n${[heading, ...lines].join('\n')}\n`);
}
