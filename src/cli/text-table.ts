import Table from 'cli-table3'

/** No borders: columns separated by two spaces, as the rest of heirloom's output. */
const PLAIN = {
  top: '', 'top-mid': '', 'top-left': '', 'top-right': '',
  bottom: '', 'bottom-mid': '', 'bottom-left': '', 'bottom-right': '',
  left: '', 'left-mid': '', mid: '', 'mid-mid': '', right: '', 'right-mid': '', middle: '  ',
}

/**
 * An aligned text table. cli-table3 measures cells by their width on a
 * terminal (string-width), so CJK names and emoji, two columns wide, line up
 * where `padEnd` (which counts UTF-16 units) would not. Lines keep no trailing
 * blanks; without `head` the rows alone.
 */
export function textTable(head: readonly string[] | undefined, rows: readonly (readonly string[])[]): string[] {
  const table = new Table({ chars: PLAIN, style: { head: [], border: [], 'padding-left': 0, 'padding-right': 0, compact: true } })
  if (head !== undefined) table.push([...head])
  table.push(...rows.map((r) => [...r]))
  return table.toString().split('\n').map((line) => line.trimEnd())
}
