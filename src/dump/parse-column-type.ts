/**
 * Reads a source column's type text as schema files write it — MySQL
 * `COLUMN_TYPE` (`tinyint(1) unsigned`, `enum('a','b')`, `decimal(10,2)`,
 * `bit(3)`), ezETL `column_type` (`varchar(50)`), SQL Server
 * `nvarchar(max)` — into the base name and the details SourceColumn keeps
 * apart, so the type maps key on the base name alone.
 */

import type { SourceColumn } from '../schema/model'

/** The base name, lower case, without arguments or `unsigned` (`tinyint`, `nvarchar`, `double precision`), and the details SourceColumn keeps. */
export type ColumnTypeDetails = { readonly base: string } & Pick<SourceColumn, 'length' | 'precision' | 'scale' | 'datetimePrecision' | 'unsigned' | 'values'>

type ArgKind = 'length' | 'numeric' | 'time' | 'list'

/** What a type's parenthesised arguments mean. Integer types' `(n)` is MySQL's display width, kept as length so `tinyint(1)` stays recognisable. */
const ARG_KINDS: Readonly<Record<string, ArgKind>> = {
  char: 'length', varchar: 'length', nchar: 'length', nvarchar: 'length', character: 'length',
  'character varying': 'length', 'national character': 'length', 'national character varying': 'length',
  binary: 'length', varbinary: 'length', bit: 'length', year: 'length',
  tinyint: 'length', smallint: 'length', mediumint: 'length', int: 'length', integer: 'length', bigint: 'length',
  decimal: 'numeric', numeric: 'numeric', dec: 'numeric', fixed: 'numeric',
  float: 'numeric', double: 'numeric', real: 'numeric', 'double precision': 'numeric',
  time: 'time', datetime: 'time', datetime2: 'time', datetimeoffset: 'time', timestamp: 'time',
  enum: 'list', set: 'list',
}

const MODIFIER_WORDS: ReadonlySet<string> = new Set(['unsigned', 'signed', 'zerofill'])
const WORD = /^[a-z_][a-z0-9_]*$/

/** Parses type text; undefined when it is not readable as a type. */
export function parseColumnType(text: string): ColumnTypeDetails | undefined {
  const s = text.trim()
  const open = s.indexOf('(')
  const close = s.lastIndexOf(')')
  if ((open === -1) !== (close === -1) || close < open) return undefined
  const head = words(open === -1 ? s : s.slice(0, open))
  const tail = open === -1 ? [] : words(s.slice(close + 1))
  if (head.length === 0 || !tail.every((w) => MODIFIER_WORDS.has(w))) return undefined
  const baseWords = head.filter((w) => !MODIFIER_WORDS.has(w))
  if (baseWords.length === 0 || !baseWords.every((w) => WORD.test(w))) return undefined
  const base = baseWords.join(' ')
  // MySQL ZEROFILL implies UNSIGNED.
  const unsigned = [...head, ...tail].some((w) => w === 'unsigned' || w === 'zerofill') ? true : undefined
  if (open === -1) return { base, unsigned }
  const argText = s.slice(open + 1, close)
  const kind = ARG_KINDS[base]
  if (kind === 'list') {
    const values = quotedList(argText)
    return values === undefined ? undefined : { base, unsigned, values }
  }
  const args = numbers(argText)
  const details = args === undefined ? undefined : assign(kind, args)
  return details === undefined ? undefined : { base, unsigned, ...details }
}

function assign(kind: ArgKind | undefined, args: readonly number[]): Omit<ColumnTypeDetails, 'base'> | undefined {
  const [first, second] = args
  switch (kind ?? (args.length === 1 ? 'length' : 'numeric')) {
    case 'length': return args.length === 1 ? { length: first } : undefined
    case 'time': return args.length === 1 ? { datetimePrecision: first } : undefined
    default: return args.length <= 2 ? { precision: first, scale: second } : undefined
  }
}

function words(text: string): string[] {
  return text.trim().toLowerCase().split(/\s+/).filter((w) => w !== '')
}

/** `10,2` → [10, 2]; `max` → [-1]. */
function numbers(text: string): number[] | undefined {
  const parts = text.split(',').map((p) => p.trim().toLowerCase())
  if (parts.some((p) => !/^(\d+|max|-1)$/.test(p))) return undefined
  return parts.map((p) => (p === 'max' ? -1 : Number(p)))
}

/** `'a','it''s'` → ['a', "it's"]; MySQL doubles quotes inside values and may backslash-escape. */
function quotedList(text: string): string[] | undefined {
  const values: string[] = []
  let i = 0
  for (;;) {
    while (text[i] === ' ') i++
    if (text[i] !== "'") return undefined
    let value = ''
    for (i++; ; i++) {
      if (i >= text.length) return undefined
      const c = text[i]
      if (c === '\\' && i + 1 < text.length) value += text[++i]
      else if (c === "'" && text[i + 1] === "'") value += text[++i]
      else if (c === "'") break
      else value += c
    }
    values.push(value)
    i++
    while (text[i] === ' ') i++
    if (i >= text.length) return values
    if (text[i] !== ',') return undefined
    i++
  }
}

/** The object without its undefined entries, so a spread does not overwrite a value with undefined. */
export function withoutUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>
}
