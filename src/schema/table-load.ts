/** One table of one dump: its members' loads added up (a run's summary, `status`, the report). */
export interface TableLoadCounts {
  readonly table: string
  readonly members: number
  readonly failed: number
  readonly loaded: number
  readonly rejected: number
  /** Inflated bytes of the members loaded. */
  readonly bytes: number
}
