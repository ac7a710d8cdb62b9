/**
 * `node dist/bench/profile-summary.js FILE.cpuprofile [--top N]`: where a
 * V8 CPU profile (from `npm run bench -- --profile DIR`) spends its time,
 * per function: self time (the function's own code) and total time (with
 * what it calls), each as a share of the thread's sampled time.
 */
import fs from 'node:fs'
import path from 'node:path'

interface ProfileNode {
  readonly id: number
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number }
  readonly children?: readonly number[]
}

interface CpuProfile {
  readonly nodes: readonly ProfileNode[]
  readonly samples: readonly number[]
  readonly timeDeltas: readonly number[]
}

export interface FunctionTime {
  readonly name: string
  readonly selfMs: number
  readonly totalMs: number
}

/** Self and total milliseconds per function (name + file + line), most self time first; and the thread's sampled total. */
export function summariseProfile(profile: CpuProfile): { totalMs: number; functions: FunctionTime[] } {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]))
  const parent = new Map<number, number>()
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id)
  const key = (n: ProfileNode): string => {
    const { functionName, url, lineNumber } = n.callFrame
    const file = url === '' ? '' : ` ${path.basename(url)}:${lineNumber + 1}`
    return `${functionName === '' ? '(anonymous)' : functionName}${file}`
  }
  const self = new Map<string, number>()
  const total = new Map<string, number>()
  let totalMs = 0
  profile.samples.forEach((id, i) => {
    const ms = (profile.timeDeltas[i] ?? 0) / 1000
    totalMs += ms
    const node = byId.get(id)
    if (node === undefined) return
    self.set(key(node), (self.get(key(node)) ?? 0) + ms)
    const seen = new Set<string>()
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const k = key(byId.get(at) as ProfileNode)
      if (!seen.has(k)) total.set(k, (total.get(k) ?? 0) + ms)
      seen.add(k)
    }
  })
  const functions = [...total.keys()].map((name) => ({ name, selfMs: self.get(name) ?? 0, totalMs: total.get(name) ?? 0 }))
  return { totalMs, functions: functions.sort((a, b) => b.selfMs - a.selfMs) }
}

function main(argv: readonly string[]): number {
  const topAt = argv.indexOf('--top')
  const top = topAt === -1 ? 25 : Number(argv[topAt + 1])
  const files = argv.filter((a, i) => a !== '--top' && (topAt === -1 || i !== topAt + 1))
  if (files.length === 0) {
    process.stderr.write('usage: node dist/bench/profile-summary.js FILE.cpuprofile… [--top N]\n')
    return 2
  }
  for (const file of files) {
    const { totalMs, functions } = summariseProfile(JSON.parse(fs.readFileSync(file, 'utf8')) as CpuProfile)
    const pct = (ms: number): string => `${((100 * ms) / totalMs).toFixed(1).padStart(5)}%`
    process.stdout.write(`${file}: ${(totalMs / 1000).toFixed(2)} s sampled\n  self          total         function\n`)
    for (const f of functions.slice(0, top)) {
      process.stdout.write(`  ${pct(f.selfMs)} ${(f.selfMs / 1000).toFixed(2).padStart(6)}s  ${pct(f.totalMs)} ${(f.totalMs / 1000).toFixed(2).padStart(6)}s  ${f.name}\n`)
    }
  }
  return 0
}

if (require.main === module) process.exit(main(process.argv.slice(2)))
