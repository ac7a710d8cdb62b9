import type { RawRecord, RecordReader, RecordView } from '../../src/ingest/read/record-reader'

/** Feeds the chunks to the reader and ends it; returns every record as a value (the reader's view is reused per record). */
export function readRecords(reader: RecordReader, chunks: Iterable<Buffer>): RawRecord[] {
  const records: RawRecord[] = []
  const keep = (record: RecordView): void => {
    records.push(record.toRecord())
  }
  for (const chunk of chunks) reader.read(chunk, keep)
  reader.finish(keep)
  return records
}
