import fs from 'node:fs'
import path from 'node:path'
import { makeZip } from './make-zip'

export interface SyntheticDumpOptions {
  readonly application?: string
  readonly version?: string
  readonly region: string
  readonly exportedAt: string
  readonly tables: number
  readonly rows: number
  /** Changes the values, so two dumps of one region differ. */
  readonly seed?: number
  /** Extra members (name → content) to add, e.g. a corrupt one. */
  readonly extra?: Readonly<Record<string, string | Buffer>>
}

/** A mysql-tab dump of `tables` tables T01… with `rows` rows each (id, label, amount), deterministic. */
export async function makeSyntheticDump(dir: string, o: SyntheticDumpOptions): Promise<string> {
  const application = o.application ?? 'shop'
  const version = o.version ?? '1'
  const members: Record<string, string | Buffer> = {
    'manifest.json': JSON.stringify({ application, version, region: o.region, exportedAt: o.exportedAt, dialect: 'mysql', format: 'mysql-tab' }),
  }
  for (let t = 1; t <= o.tables; t++) {
    const name = `T${String(t).padStart(2, '0')}`
    members[`${name}.json`] = syntheticSchema(name)
    const lines: string[] = []
    for (let i = 1; i <= o.rows; i++) lines.push(`${i}\t${o.region}-${name}-${i}-${o.seed ?? 0}\t${((i * 7919 + (o.seed ?? 0)) % 100000) / 100}`)
    members[`${name}.dat`] = `${lines.join('\n')}\n`
  }
  Object.assign(members, o.extra ?? {})
  fs.mkdirSync(dir, { recursive: true })
  const file = path.join(dir, `${application}_${o.region}_${o.exportedAt.slice(0, 10)}.zip`)
  await makeZip(file, members)
  return file
}

/** The schema file of a synthetic table: id int NOT NULL, label varchar(40), amount decimal(12,2). */
export function syntheticSchema(table: string): string {
  return JSON.stringify({
    table,
    columns: [
      { name: 'id', type: 'int', nullable: false },
      { name: 'label', type: 'varchar', length: 40 },
      { name: 'amount', type: 'decimal', precision: 12, scale: 2 },
    ],
    primaryKey: ['id'],
  })
}
