import { spawn, type ChildProcess } from 'node:child_process'
import http from 'node:http'
import { setTimeout as sleep } from 'node:timers/promises'
import { CLI } from './cli'

export interface LogEvent {
  readonly time: string
  readonly event: string
  readonly [key: string]: unknown
}

/** A `heirloom watch --log-format json` running in the background, its events parsed as they come. */
export class Watcher {
  readonly child: ChildProcess
  readonly events: LogEvent[] = []
  stderr = ''
  readonly done: Promise<number | null>
  private partial = ''

  constructor(cwd: string, args: readonly string[], env: NodeJS.ProcessEnv = {}) {
    this.child = spawn(process.execPath, [CLI, 'watch', '--log-format', 'json', ...args], { cwd, env: { ...process.env, HEIRLOOM_CONFIG: '', ...env } })
    this.child.stdout?.on('data', (d: Buffer) => {
      const lines = (this.partial + d.toString()).split('\n')
      this.partial = lines.pop() ?? ''
      for (const line of lines) this.events.push(JSON.parse(line) as LogEvent)
    })
    this.child.stderr?.on('data', (d: Buffer) => { this.stderr += d.toString() })
    this.done = new Promise((resolve) => this.child.on('close', resolve))
  }

  /** The first event matching, waiting for it (at most ~60 s). */
  async next(what: string, match: (e: LogEvent) => boolean): Promise<LogEvent> {
    for (let i = 0; i < 3000; i++) {
      const found = this.events.find(match)
      if (found !== undefined) return found
      if (this.child.exitCode !== null) throw new Error(`heirloom watch ended (${this.child.exitCode}) before ${what}: ${this.stderr}`)
      await sleep(20)
    }
    throw new Error(`timed out waiting for ${what}; events: ${JSON.stringify(this.events)} ${this.stderr}`)
  }

  named(event: string): LogEvent[] {
    return this.events.filter((e) => e.event === event)
  }

  async stop(): Promise<number | null> {
    this.child.kill('SIGTERM')
    return this.done
  }
}

/** GET over plain HTTP. */
export function httpGet(url: string): Promise<{ status: number; type: string; body: string }> {
  return new Promise((resolve, reject) => {
    http.get(url, (res) => {
      let body = ''
      res.setEncoding('utf8')
      res.on('data', (c: string) => { body += c })
      res.on('end', () => resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type']), body }))
    }).on('error', reject)
  })
}

/** Prometheus's text exposition format: `name{label="v",…} value` per sample, `# TYPE name kind` per metric. */
export function parseExposition(text: string): { samples: Map<string, number>; types: Map<string, string> } {
  const samples = new Map<string, number>()
  const types = new Map<string, string>()
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue
    const type = /^# TYPE (\w+) (counter|gauge|histogram|summary|untyped)$/.exec(line)
    if (type !== null) types.set(type[1], type[2])
    if (line.startsWith('#')) continue
    const sample = /^(\w+)(\{[^}]*\})? (-?[0-9.eE+-]+|NaN|\+Inf|-Inf)$/.exec(line)
    if (sample === null) throw new Error(`not an exposition line: ${line}`)
    samples.set(`${sample[1]}${sample[2] ?? ''}`, Number(sample[3]))
  }
  return { samples, types }
}
