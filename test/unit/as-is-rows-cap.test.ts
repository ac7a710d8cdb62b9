import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { cut, passThrough } from '../support/as-is-rows'
import type { AsIsRows } from '../../src/ingest/as-is/as-is-rows'
import { BcpRows } from '../../src/ingest/as-is/bcp-rows'
import { CopyTextRows } from '../../src/ingest/as-is/copy-text-rows'
import { CsvRows } from '../../src/ingest/as-is/csv-rows'
import { BUILTIN_FORMATS } from '../../src/schema/data-format'
import { encodeFormat } from '../../src/ingest/read/format-bytes'

const SUFFIX = Buffer.from('\t7\n')
const CAP = 100

const CUTTERS: readonly { readonly name: string; readonly rows: () => AsIsRows; readonly row: (bytes: number) => string }[] = [
  { name: 'mysql-tab', rows: () => new CopyTextRows(SUFFIX, CAP), row: (n) => `1\t${'v'.repeat(n - 2)}\n` },
  { name: 'csv', rows: () => new CsvRows(2, 0x2c, SUFFIX, CAP), row: (n) => `1,${'v'.repeat(n - 2)}\n` },
  { name: 'mssql-bcp', rows: () => new BcpRows(2, encodeFormat(BUILTIN_FORMATS['mssql-bcp']), SUFFIX, CAP), row: (n) => `1\t${'v'.repeat(n - 2)}\r\n` },
]

describe('as-is cutters leave a row longer than maxRecordBytes to the checks', () => {
  for (const c of CUTTERS) {
    it(`${c.name}: rows of maxRecordBytes pass; one byte more is refused, whole in one chunk, open across chunks, or last without its terminator`, () => {
      const fits = Buffer.from(c.row(CAP).repeat(3))
      assert.equal(passThrough(c.rows(), [fits])?.rows, 3)
      const over = Buffer.from(c.row(CAP) + c.row(CAP + 1) + c.row(CAP))
      assert.equal(passThrough(c.rows(), [over]), undefined, 'whole in one chunk')
      assert.equal(passThrough(c.rows(), cut(over, [150, 160, 170, 180, 190, 200, 210])), undefined, 'open across chunks')
      const last = Buffer.from(c.row(CAP) + c.row(CAP + 1).trimEnd())
      assert.equal(passThrough(c.rows(), [last]), undefined, 'last row without its terminator')
    })
  }
})
