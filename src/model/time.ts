/** Time helpers shared by parsers: FILETIME decoding, zone-less wall clocks, sort keys. */

const FILETIME_UNIX_EPOCH = 116444736000000000n
const TICKS_PER_SECOND = 10000000n

/** FILETIME (100-ns ticks since 1601) → `YYYY-MM-DDTHH:MM:SS.fffffffZ`. Returns undefined outside years 1601..9999. */
export function filetimeToIso(ticks: bigint): string | undefined {
  const sinceUnix = ticks - FILETIME_UNIX_EPOCH
  let seconds = sinceUnix / TICKS_PER_SECOND
  let frac = sinceUnix % TICKS_PER_SECOND
  if (frac < 0n) {
    frac += TICKS_PER_SECOND
    seconds -= 1n
  }
  const ms = Number(seconds) * 1000
  const d = new Date(ms)
  const y = d.getUTCFullYear()
  if (!Number.isFinite(ms) || y < 1601 || y > 9999) return undefined
  return `${d.toISOString().slice(0, 19)}.${frac.toString().padStart(7, '0')}Z`
}

/** Epoch milliseconds → ISO with millisecond precision, or seconds precision when `precision` is 0. */
export function epochMsToIso(ms: number, precision: 0 | 3 = 3): string | undefined {
  if (!Number.isFinite(ms)) return undefined
  const d = new Date(ms)
  if (Number.isNaN(d.getTime())) return undefined
  const iso = d.toISOString()
  return precision === 0 ? `${iso.slice(0, 19)}Z` : iso
}

/** A sortable key for an ISO time of any precision: pads the fraction to 7 digits. */
export function timeSortKey(iso: string | undefined): string {
  if (!iso) return ''
  const m = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?Z$/.exec(iso)
  if (!m) return iso
  return `${m[1]}.${(m[2] ?? '').padEnd(7, '0').slice(0, 7)}Z`
}

export function compareTimes(a: string | undefined, b: string | undefined): number {
  const ka = timeSortKey(a)
  const kb = timeSortKey(b)
  return ka < kb ? -1 : ka > kb ? 1 : 0
}

/** A local wall-clock time as read from a zone-less source. */
export interface WallClock {
  year: number
  month: number
  day: number
  hour: number
  minute: number
  second: number
  /** Fraction digits as written (e.g. "123"), kept to preserve the source's precision. */
  fraction?: string
}

/** The zone in which zone-less evidence times are read. */
export interface SourceZone {
  /** Display name: an IANA name, a Windows zone key name, or `UTC`. */
  name: string
  basis: 'evidence' | 'source-tz' | 'assumed-utc'
  /** Offset from UTC in minutes (east positive) in force at this local wall-clock time. */
  offsetMinutesAtLocal(wall: WallClock): number
}

export const ASSUMED_UTC: SourceZone = {
  name: 'UTC',
  basis: 'assumed-utc',
  offsetMinutesAtLocal: () => 0,
}

function wallToNaiveMs(w: WallClock): number {
  return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second)
}

/** Reads wall clocks in an IANA zone (`Europe/Berlin`) or a fixed offset (`+02:00`, `UTC`). */
export function ianaZone(name: string, basis: SourceZone['basis'] = 'source-tz'): SourceZone {
  const fixed = /^(?:UTC|GMT|Z)?([+-])(\d{1,2}):?(\d{2})?$/i.exec(name)
  if (/^(UTC|GMT|Z)$/i.test(name)) return {name: 'UTC', basis, offsetMinutesAtLocal: () => 0}
  if (fixed) {
    const off = (fixed[1] === '-' ? -1 : 1) * (Number(fixed[2]) * 60 + Number(fixed[3] ?? 0))
    return {name, basis, offsetMinutesAtLocal: () => off}
  }
  let fmt: Intl.DateTimeFormat
  try {
    fmt = new Intl.DateTimeFormat('en-US', {
      timeZone: name,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    })
  } catch {
    throw new RangeError(`unknown time zone "${name}" (use an IANA name such as Europe/Berlin, or an offset such as +02:00)`)
  }
  const offsetAtUtc = (utcMs: number): number => {
    const parts: Record<string, number> = {}
    for (const p of fmt.formatToParts(new Date(utcMs))) if (p.type !== 'literal') parts[p.type] = Number(p.value)
    const asUtc = Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour!, parts.minute!, parts.second!)
    return Math.round((asUtc - Math.floor(utcMs / 1000) * 1000) / 60000)
  }
  return {
    name,
    basis,
    offsetMinutesAtLocal(wall) {
      const naive = wallToNaiveMs(wall)
      let off = offsetAtUtc(naive)
      off = offsetAtUtc(naive - off * 60000)
      return off
    },
  }
}

/** Converts a zone-less wall clock to UTC ISO, keeping the fraction digits the source had. */
export function wallClockToIso(wall: WallClock, zone: SourceZone): string | undefined {
  const naive = wallToNaiveMs(wall)
  if (!Number.isFinite(naive)) return undefined
  const utc = new Date(naive - zone.offsetMinutesAtLocal(wall) * 60000)
  if (Number.isNaN(utc.getTime())) return undefined
  const base = utc.toISOString().slice(0, 19)
  return wall.fraction ? `${base}.${wall.fraction}Z` : `${base}Z`
}

/** Renders a UTC ISO time in another zone for display, keeping its fraction. */
export function isoInZone(iso: string, zone: string): string {
  if (zone.toUpperCase() === 'UTC') return iso
  const m = /^(.*T\d{2}:\d{2}:\d{2})(\.\d+)?Z$/.exec(iso)
  if (!m) return iso
  const d = new Date(`${m[1]}Z`)
  const fmt = new Intl.DateTimeFormat('sv-SE', {
    timeZone: zone,
    year: 'numeric', month: '2-digit', day: '2-digit',
    hour: '2-digit', minute: '2-digit', second: '2-digit',
    hourCycle: 'h23', timeZoneName: 'longOffset',
  })
  const parts: Record<string, string> = {}
  for (const p of fmt.formatToParts(d)) parts[p.type] = p.value
  const off = (parts.timeZoneName ?? 'GMT').replace('GMT', '') || '+00:00'
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}:${parts.second}${m[2] ?? ''}${off}`
}
