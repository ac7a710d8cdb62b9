import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { Counter, Gauge, Histogram, Registry } from 'prom-client'
import { readMetricsSnapshot, type MetricsSnapshot } from '../db/metrics-snapshot'
import { HeirloomError } from '../errors'

/**
 * heirloom's Prometheus metrics. The gauges are read from the bookkeeping
 * at each scrape (so `status --metrics` and every watcher on one database
 * show the same numbers); the run counters and the run duration are the
 * watching process's own.
 */
export class HeirloomMetrics {
  readonly registry = new Registry()
  private readonly runs: Counter<'outcome'>
  private readonly runSeconds: Histogram

  /** `url` is read at each scrape; undefined while the database is not known yet (an embedded server starting). */
  constructor(url: () => string | undefined) {
    let snapshot: Promise<MetricsSnapshot | undefined> | undefined
    // One bookkeeping read per scrape, shared by the gauges' collect() calls.
    const read = (): Promise<MetricsSnapshot | undefined> => {
      const u = url()
      snapshot ??= (u === undefined ? Promise.resolve(undefined) : readMetricsSnapshot(u).catch(() => undefined)).finally(() => setImmediate(() => { snapshot = undefined }))
      return snapshot
    }
    const gauge = <L extends string>(name: string, help: string, labelNames: readonly L[], fill: (g: Gauge<L>, s: MetricsSnapshot) => void): void => {
      new Gauge<L>({ name, help, labelNames, registers: [this.registry], async collect() {
        const s = await read()
        this.reset()
        if (s !== undefined) fill(this, s)
      } })
    }
    gauge('heirloom_rows_loaded', 'Rows loaded per mother table, over the dumps not superseded', ['table'], (g, s) => { for (const t of s.tables) g.set({ table: t.table }, t.loaded) })
    gauge('heirloom_rows_rejected', 'Rows rejected per mother table, over the dumps not superseded', ['table'], (g, s) => { for (const t of s.tables) g.set({ table: t.table }, t.rejected) })
    gauge('heirloom_dumps', 'Dumps by state (scanned, loading, loaded, failed, superseded, …)', ['state'], (g, s) => { for (const d of s.dumpsByState) g.set({ state: d.state }, d.count) })
    gauge('heirloom_last_success_timestamp_seconds', 'When a dump of the region last finished loading (Unix time)', ['application', 'region'], (g, s) => { for (const r of s.lastSuccess) g.set({ application: r.application, region: r.region }, r.seconds) })
    gauge('heirloom_failures', 'Standing failures by error code: failed members and the errors the last run found in dumps and files', ['code'], (g, s) => { for (const f of s.failures) g.set({ code: f.code }, f.count) })
    gauge('heirloom_bookkeeping_up', '1 when the bookkeeping could be read at this scrape', [], (g, s) => g.set(s.migrated ? 1 : 0))
    this.runs = new Counter({ name: 'heirloom_runs_total', help: 'Pipeline runs of this process by outcome (ok, failed, error)', labelNames: ['outcome'], registers: [this.registry] })
    this.runSeconds = new Histogram({ name: 'heirloom_run_duration_seconds', help: 'Duration of the pipeline runs of this process', buckets: [1, 5, 15, 60, 300, 900, 3600, 4 * 3600], registers: [this.registry] })
  }

  /** Counts a finished run of the pipeline. */
  observeRun(outcome: 'ok' | 'failed' | 'error', seconds: number): void {
    this.runs.inc({ outcome })
    this.runSeconds.observe(seconds)
  }

  /** The metrics in Prometheus's text exposition format. */
  text(): Promise<string> {
    return this.registry.metrics()
  }
}

/** The gauges of the bookkeeping alone, as text (`status --metrics`, for node_exporter's textfile collector). */
export async function bookkeepingMetrics(url: string): Promise<string> {
  const metrics = new HeirloomMetrics(() => url)
  metrics.registry.removeSingleMetric('heirloom_runs_total')
  metrics.registry.removeSingleMetric('heirloom_run_duration_seconds')
  return metrics.text()
}

/**
 * Serves the metrics on http://127.0.0.1:port/metrics (plain HTTP, local
 * only: put a reverse proxy in front to expose it). Resolves once listening,
 * with the port (0 picks a free one) and a close function.
 */
export async function serveMetrics(metrics: HeirloomMetrics, port: number, host = '127.0.0.1'): Promise<{ port: number; close: () => Promise<void> }> {
  const server = http.createServer((req, res) => {
    if (req.method !== 'GET' || (req.url ?? '/').split('?')[0] !== '/metrics') {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('heirloom serves /metrics only\n')
      return
    }
    metrics.text().then(
      (body) => res.writeHead(200, { 'content-type': metrics.registry.contentType }).end(body),
      (e: unknown) => res.writeHead(500, { 'content-type': 'text/plain' }).end(`${String(e)}\n`),
    )
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', (e: NodeJS.ErrnoException) => reject(new HeirloomError('USAGE', `--metrics-port ${port}: cannot listen on ${host}:${port} (${e.code ?? e.message})`, 'choose a free port')))
    server.listen(port, host, resolve)
  })
  return { port: (server.address() as AddressInfo).port, close: () => new Promise((resolve) => server.close(() => resolve())) }
}
