import type { DriftMark, LoadRow, RegionTimeline, ReportModel, TableEvolution } from './model'
import { formatBytes, formatCount, formatMBps, formatRowsPerSecond, formatSeconds } from './units'

/**
 * The report as one self-contained HTML page: inline CSS and a few lines of
 * inline JS (a filter on the loads), no request to anything. Every name and
 * value from a dump or the database goes through `escapeHtml`. Pure.
 */
export function renderReportHtml(m: ReportModel): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>heirloom report</title>
<style>${CSS}</style></head>
<body>
<header><h1>heirloom report</h1><p>schema <code>${escapeHtml(m.schema)}</code> · made ${escapeHtml(m.generatedAt)} · ${m.totals.dumps} dumps · ${m.totals.tables} tables · ${formatCount(m.totals.loaded)} rows loaded · ${formatCount(m.totals.rejected)} rejected · ${formatBytes(m.totals.bytes)} · ${m.totals.failed} failed members</p>
<nav><a href="#evolution">Schema evolution</a><a href="#regions">Regions</a><a href="#loads">Loads</a><a href="#rejects">Rejects</a><a href="#migrations">Migrations</a></nav></header>
${evolution(m)}
${regions(m)}
${loads(m)}
${rejects(m)}
${migrations(m)}
<script>${SCRIPT}</script>
</body></html>
`
}

/** `&<>"'` as entities: text and attribute values alike. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c])
}

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }

const MARK_TEXT: Record<DriftMark, string> = { added: 'added', dropped: 'dropped', widened: 'widened', incompatible: 'incompatible' }
const MARK_SIGN: Record<DriftMark, string> = { added: '+', dropped: '−', widened: '↑', incompatible: '✕' }

function evolution(m: ReportModel): string {
  const key = (a: string, v: string): string => `${a}\u0000${v}`
  const several = new Set(m.versions.map((v) => v.application)).size > 1
  const label = (a: string, v: string): string => escapeHtml(`${several ? `${a} ` : ''}v${v}`)
  const head = m.versions.map((v) => `<th>${label(v.application, v.version)}</th>`).join('')
  const rows = m.tables.map((t, i) => {
    const at = new Map(t.versions.map((v, j) => [key(v.application, v.version), j]))
    const cells = m.versions.map((v) => {
      const j = at.get(key(v.application, v.version))
      if (j === undefined) return '<td class="absent">—</td>'
      const marks = (Object.entries(t.marksPerVersion[j]) as [DriftMark, number][]).filter(([, n]) => n > 0)
      const text = marks.map(([k, n]) => `<span class="mark ${k}" title="${n} ${MARK_TEXT[k]}">${MARK_SIGN[k]}${n}</span>`).join(' ')
      return `<td class="present${t.versions[j].inDatabase ? '' : ' pending'}">✓ ${text}</td>`
    }).join('')
    return `<tr><th><a href="#table-${i}">${escapeHtml(t.table)}</a></th>${cells}</tr>`
  }).join('\n')
  return `<section id="evolution"><h2>Schema evolution</h2>
<p class="legend">✓ the version has the table · <span class="mark added">+ added</span> <span class="mark dropped">− dropped</span> <span class="mark widened">↑ widened</span> <span class="mark incompatible">✕ incompatible type, out of the mother</span> against the version before · <span class="mother-dot">●</span> column of the mother · <span class="pending-swatch">dashed</span> no child table in the database yet</p>
${m.tables.length === 0 ? '<p>No generated migration records a table yet: run <code>heirloom generate</code>.</p>' : `<table class="overview"><thead><tr><th>table</th>${head}</tr></thead><tbody>\n${rows}\n</tbody></table>`}
${m.tables.map(tableMatrix).join('\n')}
</section>`
}

function tableMatrix(t: TableEvolution, i: number): string {
  const several = new Set(t.versions.map((v) => v.application)).size > 1
  const head = t.versions.map((v) => `<th class="${v.inDatabase ? '' : 'pending'}" title="${escapeHtml(v.child)}">${escapeHtml(`${several ? `${v.application} ` : ''}v${v.version}`)}</th>`).join('')
  const rows = t.columns.map((c) => {
    const cells = c.cells.map((cell) => {
      const cls = cell.mark === null ? '' : ` class="${cell.mark}"`
      const mark = cell.mark === null ? '' : ` <span class="mark ${cell.mark}">${MARK_TEXT[cell.mark]}</span>`
      return cell.type === null ? `<td${cls}>—${mark}</td>` : `<td${cls}>${escapeHtml(cell.type)}${cell.nullable ? '' : ' <small>not null</small>'}${mark}</td>`
    }).join('')
    const name = `${c.mother === null ? '' : '<span class="mother-dot" title="column of the mother">●</span> '}${escapeHtml(c.column)}`
    return `<tr><th>${name}</th><td>${c.mother === null ? '—' : escapeHtml(c.mother)}</td>${cells}<td class="note">${escapeHtml(c.note)}</td></tr>`
  }).join('')
  return `<details id="table-${i}" class="matrix"><summary>${escapeHtml(t.table)} <small>(${escapeHtml(t.sourceName)}; ${t.versions.length} version(s), ${t.columns.length} columns)</small></summary>
<table><thead><tr><th>column</th><th>mother</th>${head}<th>note</th></tr></thead><tbody>${rows}</tbody></table></details>`
}

function regions(m: ReportModel): string {
  const rows = m.regions.map((r) => {
    const current = r.entries.find((e) => e.current)
    return `<tr><td>${escapeHtml(r.application)}</td><td>${escapeHtml(r.region)}</td><td>${r.version === null ? 'none loaded' : escapeHtml(`v${r.version}`)}</td><td>${current === undefined ? '—' : `${escapeHtml(current.file)} <small>${escapeHtml(current.at)}</small>`}</td><td>${r.entries.length}</td></tr>`
  }).join('')
  return `<section id="regions"><h2>Regions</h2>
${m.regions.length === 0 ? '<p>No dump seen yet.</p>' : `<table class="regions"><thead><tr><th>application</th><th>region</th><th>runs</th><th>current snapshot</th><th>dumps</th></tr></thead><tbody>${rows}</tbody></table>
${timeline(m.regions, m.span)}`}
</section>`
}

const LANE = 34
const LEFT = 150
const WIDTH = 960

/** One lane per region, one dot per dump at its export time, labelled with its version; plain SVG. */
function timeline(regions: readonly RegionTimeline[], span: ReportModel['span']): string {
  if (span === null) return ''
  const from = Date.parse(span.from)
  const range = Math.max(Date.parse(span.to) - from, 1)
  const x = (at: string): number => LEFT + 20 + ((Date.parse(at) - from) / range) * (WIDTH - LEFT - 60)
  const lanes = regions.map((r, i) => {
    const y = 24 + i * LANE
    const dots = r.entries.map((e) => `<g class="entry ${e.current ? 'current' : escapeHtml(e.state)}"><title>${escapeHtml(`${e.file}: v${e.version}, ${e.at}, ${e.state}${e.current ? ' (current)' : ''}`)}</title><circle cx="${x(e.at).toFixed(1)}" cy="${y}" r="6"/><text x="${x(e.at).toFixed(1)}" y="${y - 10}">v${escapeHtml(e.version)}</text></g>`).join('')
    return `<g class="lane"><text class="region" x="4" y="${y + 4}">${escapeHtml(`${r.application} ${r.region}`)}</text><line x1="${LEFT}" y1="${y}" x2="${WIDTH - 20}" y2="${y}"/>${dots}</g>`
  }).join('')
  const height = 24 + regions.length * LANE
  return `<figure class="timeline"><svg viewBox="0 0 ${WIDTH} ${height}" width="${WIDTH}" height="${height}" role="img" aria-label="snapshots per region over time">${lanes}</svg>
<figcaption>${escapeHtml(span.from)} → ${escapeHtml(span.to)} · <span class="dot current"></span> current snapshot <span class="dot superseded"></span> superseded <span class="dot other"></span> other</figcaption></figure>`
}

function loads(m: ReportModel): string {
  const rows = m.loads.map(loadRow).join('\n')
  const failures = m.failures.map((f) => `<li><b>${escapeHtml(f.dump)}</b>: ${escapeHtml(f.member)} (${escapeHtml(f.table)}) <code>${escapeHtml(f.code)}</code> ${escapeHtml(f.message)}${f.hint === null ? '' : `<br><span class="hint">→ ${escapeHtml(f.hint)}</span>`}</li>`).join('')
  return `<section id="loads"><h2>Loads</h2>
<p><input id="load-filter" type="search" placeholder="filter by dump, region or table" aria-label="filter loads"></p>
<table class="loads"><thead><tr><th>dump</th><th>region</th><th>version</th><th>table</th><th>rows loaded</th><th>rejected</th><th>bytes</th><th>duration</th><th>MB/s</th><th>rows/s</th></tr></thead><tbody>
${rows}
</tbody></table>
<h3>Failed members (${m.failures.length})</h3>${m.failures.length === 0 ? '<p>None.</p>' : `<ul class="failures">${failures}</ul>`}
</section>`
}

function loadRow(l: LoadRow): string {
  const s = l.seconds
  const timing = s === null ? '<td>—</td><td>—</td><td>—</td>' : `<td>${formatSeconds(s)}</td><td>${formatMBps(l.bytes, s)}</td><td>${formatRowsPerSecond(l.loaded + l.rejected, s)}</td>`
  return `<tr${l.failed > 0 ? ' class="failed"' : ''}><td>${escapeHtml(l.dump)}</td><td>${escapeHtml(l.region)}</td><td>${escapeHtml(l.version)}</td><td>${escapeHtml(l.table)}${l.failed > 0 ? ` <small>(${l.failed} failed)</small>` : ''}</td><td>${formatCount(l.loaded)}</td><td>${formatCount(l.rejected)}</td><td>${formatBytes(l.bytes)}</td>${timing}</tr>`
}

function rejects(m: ReportModel): string {
  const shown = m.rejects.groups.reduce((n, g) => n + g.count, 0)
  const groups = m.rejects.groups.map((g) => `<div class="reject-group"><h3><span class="count">${formatCount(g.count)}</span> ${escapeHtml(g.reason)}</h3>
${g.samples.map((s) => `<div class="sample"><small>${escapeHtml(`${s.file}: ${s.member}, line ${s.line}`)}</small><pre>${escapeHtml(s.raw)}</pre></div>`).join('')}</div>`).join('\n')
  return `<section id="rejects"><h2>Rejects</h2>
<p>${formatCount(m.rejects.total)} rows rejected${shown < m.rejects.total ? `; the ${m.rejects.groups.length} most frequent reasons shown (${formatCount(shown)} rows)` : ''}. Samples are the raw lines, cut after 300 characters.</p>
${groups}
</section>`
}

function migrations(m: ReportModel): string {
  const list = (names: readonly string[]): string => `<ul>${names.map((n) => `<li><code>${escapeHtml(n)}</code></li>`).join('')}</ul>`
  return `<section id="migrations"><h2>Migrations</h2>
<p><b class="applied">${m.migrations.applied.length} applied</b> · <b class="pending-count">${m.migrations.pending.length} pending</b> · <b class="edited">${m.migrations.edited.length} edited after applied</b>${m.migrations.missing.length > 0 ? ` · <b>${m.migrations.missing.length} applied but missing from the folder</b>` : ''}</p>
${m.migrations.edited.length === 0 ? '' : `<h3>Edited after applied (the database does not have the edit)</h3>${list(m.migrations.edited.map((e) => e.name))}`}
${m.migrations.pending.length === 0 ? '' : `<h3>Pending</h3>${list(m.migrations.pending)}`}
${m.migrations.missing.length === 0 ? '' : `<h3>Missing from the folder</h3>${list(m.migrations.missing)}`}
<details><summary>Applied</summary>${list(m.migrations.applied)}</details>
</section>`
}

const CSS = `
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:0 24px 48px;color:#1d2330;background:#fff}
header{position:sticky;top:0;background:#fff;border-bottom:1px solid #d8dce5;padding:8px 0;z-index:1}
h1{font-size:20px;margin:4px 0}h2{font-size:17px;margin:28px 0 8px;border-bottom:2px solid #2f5ea8;padding-bottom:2px}h3{font-size:14px;margin:14px 0 4px}
nav a{margin-right:14px;color:#2f5ea8}
table{border-collapse:collapse;margin:6px 0}th,td{border:1px solid #d8dce5;padding:2px 6px;text-align:left;vertical-align:top}
thead th{background:#eef1f7;position:sticky;top:0}
td.absent{color:#aab}td.present{background:#f3f8f1}.pending{outline:1px dashed #c80;outline-offset:-3px}
.mark{font-size:11px;border-radius:3px;padding:0 3px;white-space:nowrap}
.mark.added,td.added{background:#dff3dc}.mark.dropped,td.dropped{background:#f9e0e0}.mark.widened,td.widened{background:#fff1cc}.mark.incompatible,td.incompatible{background:#f5d5f0}
.mother-dot{color:#2f5ea8}.pending-swatch{outline:1px dashed #c80;padding:0 3px}
details.matrix{margin:6px 0}details.matrix summary{cursor:pointer;font-weight:600}
td.note{color:#555;font-size:12px}
.timeline svg{max-width:100%;height:auto;font:11px system-ui,sans-serif}.timeline line{stroke:#bbc}.timeline text{text-anchor:middle}.timeline text.region{text-anchor:start;font-weight:600}
.timeline circle{fill:#999}.timeline .current circle{fill:#2a8a3a}.timeline .superseded circle{fill:#c9ccd4}.timeline .loaded circle{fill:#6a9}
.dot{display:inline-block;width:10px;height:10px;border-radius:5px;background:#999;margin:0 3px 0 8px}.dot.current{background:#2a8a3a}.dot.superseded{background:#c9ccd4}
table.loads td:nth-child(n+5){text-align:right}tr.failed{background:#fdecec}
.hint{color:#555}.reject-group{margin-bottom:10px}.count{background:#eef1f7;border-radius:3px;padding:0 5px}
pre{background:#f6f7f9;border:1px solid #e1e4ea;padding:4px 6px;margin:2px 0;white-space:pre-wrap;word-break:break-all;font-size:12px}
b.edited{color:#a22}`

const SCRIPT = `
(function(){var f=document.getElementById('load-filter');if(!f)return;var rows=document.querySelectorAll('table.loads tbody tr');
f.addEventListener('input',function(){var q=f.value.toLowerCase();for(var i=0;i<rows.length;i++){rows[i].style.display=rows[i].textContent.toLowerCase().indexOf(q)<0?'none':'';}});})();`
