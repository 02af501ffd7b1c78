/**
 * Control characters in text input. PostgreSQL cannot store NUL in text or jsonb at all (a 500 where SQLite accepts
 * it), and the rest turn into header injection, broken redirects and log forgery. Free text may keep tab and line
 * breaks (a reason, instructions); ids, path segments, query values and URLs may hold none.
 * docs/decisions/006-input-validation.md records the rule.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is this pattern's whole job.
const ANY_CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
// biome-ignore lint/suspicious/noControlCharactersInRegex: as above, tab and line breaks excepted.
const CONTROL_EXCEPT_WHITESPACE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;

/** True when `value` holds a control character, tab and line breaks included. */
export function hasControlCharacter(value: string): boolean {
  return ANY_CONTROL.test(value);
}

/** True when `value` holds a control character other than tab, line feed and carriage return. */
export function hasControlCharacterInText(value: string): boolean {
  return CONTROL_EXCEPT_WHITESPACE.test(value);
}

/** How deep a JSON body may nest anywhere; metadata has its own, smaller bound (http/api/create-checkout.ts). */
export const MAX_BODY_DEPTH = 32;

export type TextProblem = { path: string; kind: 'control' | 'depth' | 'key' };

/** Keys that would reach an object's prototype when code later spreads or merges the value. */
export const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * Walks a parsed JSON value without recursion (a deep value must not overflow the stack) and answers its first
 * problem: a control character in a key or string, or nesting deeper than `maxDepth`. `forbidKeys` also refuses
 * prototype-reaching keys.
 */
export function findTextProblem(value: unknown, opts: { maxDepth: number; forbidKeys?: boolean; rootPath?: string }): TextProblem | null {
  const stack: { value: unknown; path: string; depth: number }[] = [{ value, path: opts.rootPath ?? '', depth: 0 }];
  while (stack.length > 0) {
    const { value: v, path, depth } = stack.pop()!;
    if (typeof v === 'string') {
      if (hasControlCharacterInText(v)) return { path, kind: 'control' };
      continue;
    }
    if (v === null || typeof v !== 'object') continue;
    if (depth >= opts.maxDepth) return { path, kind: 'depth' };
    const entries: [string, unknown][] = Array.isArray(v) ? v.map((item, i) => [String(i), item]) : Object.entries(v);
    // JSON.parse makes `__proto__` an own key, so Object.entries lists it like any other.
    for (const [key, item] of entries) {
      const itemPath = path ? `${path}.${key}` : key;
      if (!Array.isArray(v)) {
        if (hasControlCharacter(key)) return { path: path || 'body', kind: 'control' };
        if (opts.forbidKeys && FORBIDDEN_KEYS.has(key)) return { path: itemPath, kind: 'key' };
      }
      stack.push({ value: item, path: itemPath, depth: depth + 1 });
    }
  }
  return null;
}
