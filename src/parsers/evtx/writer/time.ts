/** FILETIME ticks and ISO-8601 UTC times, both ways. */

const FILETIME_UNIX_EPOCH = 116444736000000000n

/** ISO-8601 UTC (`...Z`, up to 7 fraction digits) → FILETIME ticks. */
export function isoToFiletime(iso: string): bigint {
  const m = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}:\d{2})(?:\.(\d{1,7}))?Z?$/.exec(iso)
  if (!m) throw new RangeError(`writer: not an ISO-8601 UTC time: "${iso}"`)
  const ms = Date.parse(`${m[1]}T${m[2]}Z`)
  if (Number.isNaN(ms)) throw new RangeError(`writer: not a valid time: "${iso}"`)
  const frac = BigInt((m[3] ?? '').padEnd(7, '0'))
  return BigInt(ms / 1000) * 10000000n + frac + FILETIME_UNIX_EPOCH
}

/** FILETIME ticks → `YYYY-MM-DDTHH:MM:SS.fffffffZ`. */
export function filetimeToIso7(ticks: bigint): string {
  const since = ticks - FILETIME_UNIX_EPOCH
  let sec = since / 10000000n
  let frac = since % 10000000n
  if (frac < 0n) {
    frac += 10000000n
    sec -= 1n
  }
  return `${new Date(Number(sec) * 1000).toISOString().slice(0, 19)}.${frac.toString().padStart(7, '0')}Z`
}

export function toFiletime(t: string | bigint): bigint {
  return typeof t === 'string' ? isoToFiletime(t) : t
}
