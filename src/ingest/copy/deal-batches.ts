/** A source of whole-row batches: `keep` gives the caller its own buffer, else one lent until the next call. */
export interface BatchSource {
  next(keep: boolean): Promise<Buffer | undefined>
}

/** Thrown to the other streams when one stream fails: they stop reading; the first stream's error is what `dealBatches` throws. */
class OtherStreamFailed extends Error {}

/**
 * Runs `streams` consumers (one COPY each, on its own connection) fed from
 * ONE reader: each asks for its next batch when its COPY has taken the last
 * one, and the reader reads only then (backpressure), one batch at a time,
 * so whatever the reader counts (line numbers, rejects) stays in file order
 * whichever stream a batch goes to. Batches go to whichever stream is ready
 * first, which balances streams whose backends run at different speeds
 * better than a fixed round-robin. A failure of one stream stops the others
 * at their next batch; the first failure is thrown once all have stopped.
 * With one stream, the consumer reads the source directly (lent batches).
 */
export async function dealBatches<T>(source: BatchSource, streams: number, consume: (stream: number, batches: BatchSource) => Promise<T>): Promise<T[]> {
  if (streams <= 1) return [await consume(0, source)]
  let failure: { error: unknown } | undefined
  let queue: Promise<unknown> = Promise.resolve()
  const shared: BatchSource = {
    next: () => {
      const turn = queue.then(async () => {
        if (failure !== undefined) throw new OtherStreamFailed('another stream of this member failed')
        // Each stream keeps its batch while its COPY sends it: never lent.
        return source.next(true)
      })
      queue = turn.catch(() => undefined)
      return turn
    },
  }
  const settled = await Promise.allSettled(Array.from({ length: streams }, async (_, i) => {
    try {
      return await consume(i, shared)
    } catch (e) {
      if (failure === undefined && !(e instanceof OtherStreamFailed)) failure = { error: e }
      throw e
    }
  }))
  if (failure !== undefined) throw failure.error
  return settled.map((s) => (s as PromiseFulfilledResult<T>).value)
}

/** An async generator's chunks as a BatchSource (always the caller's own). */
export function batchesOf(chunks: AsyncIterator<Buffer>): BatchSource {
  return {
    next: async () => {
      const r = await chunks.next()
      return r.done === true ? undefined : r.value
    },
  }
}

/** A BatchSource as COPY input: ends when the source does; returning early does not end the source for other streams. */
export async function* chunksOf(batches: BatchSource): AsyncGenerator<Buffer> {
  for (let b = await batches.next(true); b !== undefined; b = await batches.next(true)) yield b
}
