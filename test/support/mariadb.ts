import { spawnSync } from 'node:child_process'

export const MARIADB_HOST = '127.0.0.1'
export const MARIADB_PORT = 3306

/** A MariaDB (or MySQL) server reached through its own command-line tools, as an operator would export from it. */
export interface MariaDb {
  /** Runs SQL (sent on stdin, so statements may be large) and returns the rows, each a list of tab-separated fields (batch mode, no column names). */
  query(sql: string, database?: string): string[][]
  /** `mariadb-dump --tab=dir [options] database table`: the server itself writes `<table>.txt`, the tool `<table>.sql`. */
  dumpTab(database: string, table: string, dir: string, options?: readonly string[]): void
}

/**
 * Connects to the server at 127.0.0.1:3306 as root without a password, with
 * `mariadb` (or `mysql`) and `mariadb-dump` (or `mysqldump`); returns why it
 * cannot when the tools or the server are missing.
 */
export function connectMariaDb(): MariaDb | { readonly unreachable: string } {
  const client = findTool(['mariadb', 'mysql'])
  const dumper = findTool(['mariadb-dump', 'mysqldump'])
  if (client === undefined || dumper === undefined) return { unreachable: 'neither mariadb nor mysql client tools are installed' }
  const connection = [`--host=${MARIADB_HOST}`, `--port=${MARIADB_PORT}`, '--user=root', '--protocol=TCP']
  const run = (tool: string, args: readonly string[], input?: string): string => {
    const r = spawnSync(tool, [...connection, ...args], { input, encoding: 'utf8', timeout: 60_000, maxBuffer: 256 * 1024 * 1024 })
    if (r.error !== undefined) throw r.error
    if (r.status !== 0) throw new Error(`${tool} ${args.join(' ')} exited with ${r.status}: ${r.stderr.trim()}`)
    return r.stdout
  }
  try {
    run(client, ['--connect-timeout=3', '--execute=SELECT 1'])
  } catch (e) {
    return { unreachable: e instanceof Error ? e.message : String(e) }
  }
  return {
    query: (sql, database) => {
      const out = run(client, ['--batch', '--skip-column-names', ...(database === undefined ? [] : [`--database=${database}`])], sql)
      const lines = out.split('\n')
      if (lines[lines.length - 1] === '') lines.pop()
      return lines.map((line) => line.split('\t'))
    },
    dumpTab: (database, table, dir, options = []) => {
      run(dumper, [`--tab=${dir}`, ...options, database, table])
    },
  }
}

function findTool(names: readonly string[]): string | undefined {
  return names.find((name) => {
    const r = spawnSync(name, ['--version'], { encoding: 'utf8', timeout: 10_000 })
    return r.error === undefined && r.status === 0
  })
}
