/**
 * Runs one command as a child process and measures it from the outside:
 * wall-clock seconds, and the peak resident memory of its whole process
 * tree (worker threads live in their process; pipelines are several
 * processes), sampled from /proc every SAMPLE_MS.
 */
import { spawn } from 'node:child_process'
import fs from 'node:fs'

const SAMPLE_MS = 50

export interface Measured {
  readonly seconds: number
  /** Peak of the tree's summed RSS over the samples, or the root's VmHWM if higher (bytes; 0 where /proc is absent). */
  readonly peakRssBytes: number
  readonly exitCode: number
  readonly stdout: string
  readonly stderr: string
}

export interface MeasureOptions {
  readonly cwd?: string
  readonly env?: NodeJS.ProcessEnv
}

export function measureCommand(command: string, args: readonly string[], options: MeasureOptions = {}): Promise<Measured> {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint()
    const child = spawn(command, args, { cwd: options.cwd, env: options.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] })
    const out: Buffer[] = []
    const err: Buffer[] = []
    child.stdout.on('data', (b: Buffer) => out.push(b))
    child.stderr.on('data', (b: Buffer) => err.push(b))
    let peak = 0
    const sample = (): void => {
      if (child.pid !== undefined) peak = Math.max(peak, treeRss(child.pid), hwm(child.pid))
    }
    const timer = setInterval(sample, SAMPLE_MS)
    child.on('error', (e) => {
      clearInterval(timer)
      reject(e)
    })
    child.on('exit', () => clearInterval(timer))
    child.on('close', (code, signal) => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9
      resolve({
        seconds,
        peakRssBytes: peak,
        exitCode: code ?? (signal === null ? 1 : 128),
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
      })
    })
    sample()
  })
}

/** Summed VmRSS of pid and all its descendants, in bytes. */
function treeRss(pid: number): number {
  let total = 0
  for (const p of descendants(pid)) total += statusField(p, 'VmRSS')
  return total
}

function hwm(pid: number): number {
  return statusField(pid, 'VmHWM')
}

function descendants(root: number): number[] {
  const all = [root]
  for (let i = 0; i < all.length; i++) all.push(...childrenOf(all[i]))
  return all
}

function childrenOf(pid: number): number[] {
  const children: number[] = []
  try {
    for (const task of fs.readdirSync(`/proc/${pid}/task`)) {
      const text = fs.readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').trim()
      if (text !== '') for (const c of text.split(/\s+/)) children.push(Number(c))
    }
  } catch {
    // The process ended between two reads: it has no children any more.
  }
  return children
}

/** A `kB` line of /proc/<pid>/status, in bytes; 0 when the process is gone. */
function statusField(pid: number, field: string): number {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8')
    const at = status.indexOf(`${field}:`)
    if (at === -1) return 0
    return Number.parseInt(status.slice(at + field.length + 1).trim(), 10) * 1024
  } catch {
    return 0
  }
}
