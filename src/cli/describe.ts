import path from 'node:path'
import type { GenerateReport } from '../migrations/generate'
import type { IngestReport } from '../ingest/ingest'
import { unreadableProblems, type ScanReport } from '../ingest/scan-dumps'
import type { DumpProblem } from '../dump/dump-problem'
import type { MigrateReport } from '../db/migrate'
import { describeFailure } from './describe-failure'
import { describeSummary } from './describe-summary'

/** Plain-text renderings of the library's reports, shared by the commands that print them. */
export function describeScan(scan: ScanReport): string[] {
  const lines = scan.dumps.map((d) => {
    const id = d.identity
    const rows = d.tables.map((t) => `    ${t.schema.name}: ${t.schema.columns.length} columns, ${t.dataMembers.length} data file(s)`)
    const problems = d.problems.map((p) => `    ${problemLine(p)}`)
    const ignored = d.ignored.length === 0 ? [] : [`    ignored: ${d.ignored.join(', ')}`]
    return [`${path.basename(d.file)}: ${id.application} v${id.version}, region ${id.region}, ${id.dialect}/${id.format}, ${d.tables.length} tables`, ...rows, ...problems, ...ignored].join('\n')
  })
  for (const p of unreadableProblems(scan)) lines.push(problemLine(p))
  return lines
}

export function describeGenerate(report: GenerateReport, verb: string): string[] {
  const refused = report.refused.map((r) => `! ${r.message} → ${r.hint}`)
  if (report.planned.length === 0) return ['migrations: every version in the dumps is covered; nothing to write', ...refused]
  return [
    ...report.planned.flatMap((p) => [`${verb} ${path.relative(process.cwd(), p.file)} (${p.application} v${p.version})`, ...p.summary.map((s) => `    ${s}`)]),
    ...refused,
    ...report.warnings.map((w) => `warning: ${w}`),
  ]
}

export function describeMigrate(report: MigrateReport): string[] {
  const lines = report.applied.length === 0 ? ['migrate: already up to date'] : report.applied.map((f) => `applied ${f}`)
  return [...lines, ...(report.edited ?? []).map((f) => `warning: ${f} was edited after it was applied; the database does not have the edit (see \`heirloom status\`)`)]
}

/** `problems: false` when the scan's lines, printed before, named them already (`run`). */
export function describeIngest(report: IngestReport, show: { readonly problems: boolean } = { problems: true }): string[] {
  const lines = report.dumps.map((d) => {
    const loaded = d.members.filter((m) => m.status === 'loaded')
    const rows = loaded.reduce((n, m) => n + (m.status === 'loaded' ? m.loaded : 0), 0)
    const rejected = loaded.reduce((n, m) => n + (m.status === 'loaded' ? m.rejected : 0), 0)
    const failed = d.members.filter((m) => m.status === 'failed')
    return [`${path.basename(d.file)} (${d.application} v${d.version}, ${d.region}): ${d.outcome}` +
      (loaded.length > 0 ? `, ${loaded.length} member(s), ${rows} rows loaded, ${rejected} rejected` : ''),
    ...failed.flatMap((m) => (m.status === 'failed' ? describeFailure(m, '    FAILED ', '        ') : [])),
    ...d.failedSteps.flatMap((f) => describeFailure(f, '    FAILED ', '        ')),
    ...(show.problems ? d.problems.map((p) => `    ${problemLine(p)}`) : [])].join('\n')
  })
  const unreadable = show.problems ? report.unreadable.map(problemLine) : []
  return [...lines, ...unreadable, ...report.warnings.map((w) => `warning: ${w}`), ...describeSummary(report)]
}

/** A problem on one line: `!` for an error, `warning:` else; the way out after the arrow. */
export function problemLine(p: Pick<DumpProblem, 'severity' | 'message' | 'hint'>): string {
  return `${p.severity === 'error' ? '!' : 'warning:'} ${p.message}${p.hint === undefined ? '' : ` → ${p.hint}`}`
}
