/**
 * The outcome of converting one field. Kept in its own module so the
 * per-type converters and value-converter.ts can share it without an
 * import cycle; value-converter.ts re-exports it as the public name.
 */

/** A field its column cannot take; `reason` is what the rejects table shows. Immutable, so one instance may be shared. */
export class Invalid {
  constructor(readonly reason: string) {}
}

/** PostgreSQL input text (not yet COPY-escaped), NULL, or a reject. */
export type Converted = string | null | Invalid

/** Converts the text of one field. */
export type TextConverter = (text: string) => Converted
