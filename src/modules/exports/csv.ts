import { Readable, type Transform } from 'node:stream';
import { stringify } from 'csv-stringify';

/** One column of an export: its header and how a row gives its cell. */
export type Column<Row> = { header: string; cell: (row: Row) => string | number | boolean | null };

/**
 * A cell a spreadsheet would read as a formula (`=`, `+`, `-`, `@`, and the tab and carriage return that some read the
 * same way) is prefixed with `'`, so it shows as the text it is (OWASP's CSV injection advice). A plain number such as
 * `-5.00` is not a formula and stays as it is.
 */
export function neutralise(value: string): string {
  return /^[=+\-@\t\r]/.test(value) && !/^-?\d+(\.\d+)?$/.test(value) ? `'${value}` : value;
}

/**
 * The CSV text of `pages` (arrays of rows, read one at a time as the reader takes the text, so memory stays bounded by a
 * page whatever the total): UTF-8 with a byte-order mark (Excel then reads Bangla and ৳ right), RFC 4180 quoting
 * (csv-stringify), CRLF line ends, every text cell neutralised.
 */
export function csvStream<Row>(columns: readonly Column<Row>[], pages: AsyncIterable<Row[]>): Transform {
  const csv = stringify({ bom: true, header: true, columns: columns.map((c) => c.header), record_delimiter: 'windows' });
  async function* records() {
    for await (const page of pages) {
      for (const row of page) {
        yield columns.map((c) => {
          const value = c.cell(row);
          return typeof value === 'string' ? neutralise(value) : value === null ? '' : String(value);
        });
      }
    }
  }
  const source = Readable.from(records());
  source.on('error', (err) => csv.destroy(err));
  return source.pipe(csv);
}
