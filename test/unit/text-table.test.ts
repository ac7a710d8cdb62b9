import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import stringWidth from 'string-width'
import { describeDriftMatrix } from '../../src/cli/describe-drift-matrix'
import { textTable } from '../../src/cli/text-table'
import type { DriftMatrix } from '../../src/migrations/drift-matrix'

/** The terminal column at which each cell after the first starts, found by the cells' own text. */
function startColumns(line: string, cells: readonly string[]): number[] {
  const starts: number[] = []
  let from = 0
  for (const cell of cells) {
    const at = line.indexOf(cell, from)
    assert.ok(at >= 0, `${cell} in ${line}`)
    starts.push(stringWidth(line.slice(0, at)))
    from = at + cell.length
  }
  return starts.slice(1)
}

describe('text tables align wide characters (CJK, emoji) by terminal width', () => {
  it('every row starts each column at the same terminal column', () => {
    const rows = [['顧客', '3', 'x'], ['customers', '12', 'y'], ['📦 orders', '7', 'z'], ['Ωmega', '100', 'w']]
    const lines = textTable(['table', 'rows', 'note'], rows)
    const expected = startColumns(lines[0], ['table', 'rows', 'note'])
    rows.forEach((r, i) => assert.deepEqual(startColumns(lines[i + 1], r), expected, lines.join('\n')))
  })

  it('drift aligns a CJK column name with the others', () => {
    const matrix: DriftMatrix = {
      table: 'kunden', sourceName: 'Kunden',
      versions: [{ application: 'shop', version: '1', generated: true }, { application: 'shop', version: '2', generated: true }],
      columns: [
        { column: '名前', mother: 'text', cells: [{ type: 'text', nullable: true }, { type: 'text', nullable: true }], note: '' },
        { column: 'email', mother: null, cells: [null, { type: 'varchar(200)', nullable: false }], note: 'added in v2' },
      ],
    } as unknown as DriftMatrix
    const lines = describeDriftMatrix(matrix)
    const first = startColumns(lines[2], ['名前', 'text', 'text', 'text'])
    const second = startColumns(lines[3], ['email', '—', '—', 'varchar(200) not null'])
    assert.deepEqual(first, second, lines.join('\n'))
  })
})
