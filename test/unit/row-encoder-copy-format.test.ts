import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { CopyBuffer } from '../../src/ingest/copy-buffer'
import { BUILTIN_FORMATS } from '../../src/ingest/format/data-format'
import { RecordReader, type RecordView } from '../../src/ingest/format/record-reader'
import { RowEncoder } from '../../src/ingest/row-encoder'
import type { TableTask } from '../../src/ingest/table-task'
import type { TargetColumn } from '../../src/schema/model'

function column(name: string, type: string, modifiers: number[] = []): TargetColumn {
  return { name, type: { name: type, modifiers }, nullable: true, source: { name, type, nullable: true } } as TargetColumn
}

function task(columns: TargetColumn[]): TableTask {
  return {
    url: '', dumpFile: 'shop.zip', dumpId: 7, application: 'shop', region: 'eu', members: ['t.dat'], table: 't', schema: 'public', child: 't_v1',
    columns, fieldOrderFromHeader: false, format: BUILTIN_FORMATS['mysql-tab'], dialect: 'mysql', timezone: undefined, mode: 'append',
    maxRejects: 0, maxMemberBytes: Infinity,
  }
}

function encode(encoder: RowEncoder, text: string, columns: number): Buffer {
  const out = new CopyBuffer(64)
  encoder.begin(out)
  const reader = new RecordReader(BUILTIN_FORMATS['mysql-tab'], columns, [])
  const take = (r: RecordView): void => assert.equal(encoder.encodeInto(r, out), undefined)
  reader.read(Buffer.from(text), take)
  reader.finish(take)
  encoder.end(out)
  return out.take()
}

describe('the COPY format a table is loaded in', () => {
  it('is binary when every column type has a binary encoder, with signature, field count, length words and trailer', () => {
    const encoder = new RowEncoder(task([column('id', 'integer'), column('name', 'varchar', [20])]), 't.dat', undefined)
    assert.equal(encoder.copyOptions, ' (FORMAT binary)')
    const bytes = encode(encoder, '5\tab\n', 2)
    assert.deepEqual(bytes, Buffer.concat([
      Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1'), Buffer.alloc(8),
      Buffer.from([0, 3, 0, 0, 0, 4, 0, 0, 0, 5, 0, 0, 0, 2, 0x61, 0x62, 0, 0, 0, 4, 0, 0, 0, 7, 0xff, 0xff]),
    ]))
  })

  it('is text when one column type has none (real, time, json, …), the row copied as it came', () => {
    const encoder = new RowEncoder(task([column('id', 'integer'), column('at', 'time')]), 't.dat', undefined)
    assert.equal(encoder.copyOptions, '')
    assert.equal(encode(encoder, '5\t10:00:00\n', 2).toString(), '5\t10:00:00\t7\n')
  })
})
