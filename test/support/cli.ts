import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import path from 'node:path'
import { packageRoot } from '../../src/db/package-root'

export const CLI = path.join(packageRoot(), 'dist', 'src', 'cli', 'main.js')

export interface CliResult {
  readonly status: number | null
  readonly stdout: string
  readonly stderr: string
}

/** Runs the compiled heirloom CLI to completion (HEIRLOOM_CONFIG cleared unless given). */
export function heirloom(cwd: string, args: readonly string[], env: NodeJS.ProcessEnv = {}): CliResult {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', env: { ...process.env, HEIRLOOM_CONFIG: '', ...env } })
  return { status: r.status, stdout: r.stdout, stderr: r.stderr }
}

/** Starts the CLI in the background; resolves with its result when it ends (by itself or killed). */
export function startHeirloom(cwd: string, args: readonly string[], env: NodeJS.ProcessEnv = {}): { child: ChildProcess; done: Promise<CliResult> } {
  const child = spawn(process.execPath, [CLI, ...args], { cwd, env: { ...process.env, HEIRLOOM_CONFIG: '', ...env } })
  let stdout = ''
  let stderr = ''
  child.stdout?.on('data', (d: Buffer) => { stdout += d.toString() })
  child.stderr?.on('data', (d: Buffer) => { stderr += d.toString() })
  const done = new Promise<CliResult>((resolve) => child.on('close', (status) => resolve({ status, stdout, stderr })))
  return { child, done }
}

/** Runs Knex's own CLI on the project's knexfile.ts, with the heirloom config file `config`. */
export function knexCli(cwd: string, config: string, ...args: string[]): CliResult {
  const r = spawnSync(process.execPath, [path.join(packageRoot(), 'node_modules', 'knex', 'bin', 'cli.js'), '--knexfile', path.join(packageRoot(), 'knexfile.ts'), ...args],
    { cwd, encoding: 'utf8', env: { ...process.env, HEIRLOOM_CONFIG: config } })
  return { status: r.status, stdout: r.stdout, stderr: r.stderr }
}
