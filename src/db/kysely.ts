/**
 * Kysely, for all of src/: every file imports it from here, never from 'kysely' (biome.json enforces it). Run from the
 * sources (tsx: tests, `npm run dev`) this is the package itself. `npm run build` replaces the compiled file with one
 * file holding the package (esbuild bundles this module): Kysely's ESM build is some 260 small files, and Node 20 spends
 * longer finding and reading them than a short `duar` command needs in all (ADR 043). One copy either way, so
 * `instanceof` (src/db/migrations/ checks the adapter) meets the classes it was made with.
 */
export * from 'kysely';
