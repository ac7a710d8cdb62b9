/**
 * Writes the bench data set once per (rows, seed): the plain COPY-text file
 * for the baselines (and a ZIP of it for `unzip -p | psql`), and one dump
 * ZIP per format. Generation streams to disk in bounded memory; the folder
 * is built under a temporary name and renamed when complete, so a cached
 * folder is always whole and reruns skip straight to loading.
 */
import fs from 'node:fs'
import path from 'node:path'
import { BENCH_TABLE, RowGenerator } from './dataset'
import { dumpFileName, manifestOf, schemaOf } from './dump-files'
import { bcpLine, copyTextLine, csvLine, mysqlTabLine, BCP_FORMAT, DUMP_FORMATS, type DumpFormat } from './render-row'
import { zipFiles } from './zip-files'

/** Bump when the generated content changes, so old caches are not reused. */
const GENERATOR_VERSION = 2
const FLUSH_CHARS = 1 << 20

export interface DumpData {
  readonly format: DumpFormat
  /** The dump's folder (heirloom's dumps.path) and the ZIP inside it. */
  readonly folder: string
  readonly zip: string
  readonly member: string
  /** Uncompressed data member size: the input bytes of MB/s. */
  readonly bytes: number
  readonly zipBytes: number
}

export interface DataSet {
  readonly dir: string
  readonly rows: number
  readonly seed: number
  readonly copyText: string
  readonly copyBytes: number
  readonly copyZip: string
  readonly copyMember: string
  /** Byte offset of the first row of the second half, and how many rows the first half holds. */
  readonly halfOffset: number
  readonly halfRows: number
  /** The csv data file unzipped, for pgloader. */
  readonly csv: string
  readonly dumps: readonly DumpData[]
}

/** The cached data set for (rows, seed) under workDir, generated first when missing. */
export async function ensureDataSet(workDir: string, rows: number, seed: number, log: (line: string) => void): Promise<DataSet> {
  const dir = path.join(workDir, `data-r${rows}-s${seed}-g${GENERATOR_VERSION}`)
  const meta = path.join(dir, 'meta.json')
  if (fs.existsSync(meta)) {
    log(`data: reusing ${dir}`)
    return JSON.parse(fs.readFileSync(meta, 'utf8')) as DataSet
  }
  const tmp = `${dir}.tmp-${process.pid}`
  fs.rmSync(tmp, { recursive: true, force: true })
  fs.mkdirSync(tmp, { recursive: true })
  const started = Date.now()
  log(`data: generating ${rows} rows (seed ${seed}) into ${dir}`)
  const written = writeDataFiles(tmp, rows, seed)
  log(`data: files written in ${((Date.now() - started) / 1000).toFixed(1)} s; zipping`)
  const dumps = await Promise.all(DUMP_FORMATS.map((format) => zipDump(tmp, dir, format, written.bytes[format])))
  await zipFiles(path.join(tmp, 'copy.zip'), [{ kind: 'file', name: `${BENCH_TABLE}.txt`, path: path.join(tmp, 'copy.txt') }])
  for (const format of DUMP_FORMATS) if (format !== 'csv') fs.rmSync(path.join(tmp, `${format}.dat`))
  const set: DataSet = {
    dir, rows, seed,
    copyText: path.join(dir, 'copy.txt'),
    copyBytes: written.copyBytes,
    copyZip: path.join(dir, 'copy.zip'),
    copyMember: `${BENCH_TABLE}.txt`,
    halfOffset: written.halfOffset,
    halfRows: written.halfRows,
    csv: path.join(dir, 'csv.dat'),
    dumps,
  }
  fs.writeFileSync(path.join(tmp, 'meta.json'), `${JSON.stringify(set, null, 2)}\n`)
  fs.rmSync(dir, { recursive: true, force: true })
  fs.renameSync(tmp, dir)
  log(`data: ready in ${((Date.now() - started) / 1000).toFixed(1)} s`)
  return set
}

interface Written {
  readonly copyBytes: number
  readonly halfOffset: number
  readonly halfRows: number
  readonly bytes: Readonly<Record<DumpFormat, number>>
}

/** One pass over the rows, each rendered into the four files. */
function writeDataFiles(dir: string, rows: number, seed: number): Written {
  const copy = new FileSink(path.join(dir, 'copy.txt'), 'utf8')
  const sinks: Record<DumpFormat, FileSink> = {
    'mysql-tab': new FileSink(path.join(dir, 'mysql-tab.dat'), 'utf8'),
    'mssql-bcp': new FileSink(path.join(dir, 'mssql-bcp.dat'), BCP_FORMAT.encoding),
    csv: new FileSink(path.join(dir, 'csv.dat'), 'utf8'),
  }
  const generator = new RowGenerator(seed)
  const halfRows = Math.floor(rows / 2)
  let halfOffset = 0
  for (let i = 0; i < rows; i++) {
    if (i === halfRows) halfOffset = copy.flush()
    const row = generator.row()
    copy.write(copyTextLine(row))
    sinks['mysql-tab'].write(mysqlTabLine(row))
    sinks['mssql-bcp'].write(bcpLine(row))
    sinks.csv.write(csvLine(row))
  }
  return {
    copyBytes: copy.close(),
    halfOffset: rows === 0 ? 0 : halfOffset,
    halfRows,
    bytes: { 'mysql-tab': sinks['mysql-tab'].close(), 'mssql-bcp': sinks['mssql-bcp'].close(), csv: sinks.csv.close() },
  }
}

/** The rows of (rows, seed) as one `mysqldump --tab` file (the live bench loads its MariaDB table from it); returns its bytes. */
export function writeMysqlTabFile(file: string, rows: number, seed: number): number {
  const sink = new FileSink(file, 'utf8')
  const generator = new RowGenerator(seed)
  for (let i = 0; i < rows; i++) sink.write(mysqlTabLine(generator.row()))
  return sink.close()
}

async function zipDump(tmp: string, finalDir: string, format: DumpFormat, bytes: number): Promise<DumpData> {
  const folder = path.join(tmp, format)
  fs.mkdirSync(folder)
  const zip = path.join(folder, dumpFileName(format))
  const member = `${BENCH_TABLE}.dat`
  await zipFiles(zip, [
    { kind: 'buffer', name: 'manifest.json', content: manifestOf(format) },
    { kind: 'buffer', name: `${BENCH_TABLE}.json`, content: schemaOf(format) },
    { kind: 'file', name: member, path: path.join(tmp, `${format}.dat`) },
  ])
  const finalFolder = path.join(finalDir, format)
  return { format, folder: finalFolder, zip: path.join(finalFolder, dumpFileName(format)), member, bytes, zipBytes: fs.statSync(zip).size }
}

/** Buffered synchronous writes to one file: strings are gathered into ~1 MB writes. */
class FileSink {
  private readonly fd: number
  private pending: string[] = []
  private pendingChars = 0
  private bytes = 0

  constructor(file: string, private readonly encoding: BufferEncoding) {
    this.fd = fs.openSync(file, 'w')
  }

  write(text: string): void {
    this.pending.push(text)
    this.pendingChars += text.length
    if (this.pendingChars >= FLUSH_CHARS) this.flush()
  }

  /** Writes what is pending; returns the bytes written so far. */
  flush(): number {
    if (this.pending.length > 0) {
      const buf = Buffer.from(this.pending.join(''), this.encoding)
      fs.writeSync(this.fd, buf)
      this.bytes += buf.length
      this.pending = []
      this.pendingChars = 0
    }
    return this.bytes
  }

  close(): number {
    this.flush()
    fs.closeSync(this.fd)
    return this.bytes
  }
}
