import { BENCH_COLUMNS } from './dataset'

/**
 * A pgloader command file loading the bench csv into an existing table,
 * with pgloader's defaults otherwise. Empty unquoted fields are NULL, as in
 * heirloom's csv format (the generator writes no empty strings).
 */
export function pgloaderCommandFile(csv: string, url: string, table: string): string {
  const names = BENCH_COLUMNS.map((c) => c.name)
  const target = new URL(url)
  target.protocol = 'postgresql:'
  return [
    'LOAD CSV',
    `  FROM '${csv.replace(/'/g, "''")}'`,
    `    (${names.map((n) => `${n} [null if blanks]`).join(', ')})`,
    `  INTO ${target.toString()}`,
    `  TARGET TABLE ${table}`,
    `    (${names.join(', ')})`,
    '  WITH fields optionally enclosed by \'"\',',
    '       fields escaped by double-quote,',
    '       fields terminated by \',\';',
    '',
  ].join('\n')
}
