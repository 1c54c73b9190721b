/** ISO-8601 date-times as written in task XML and some listings: zoned ones go to UTC, zone-less ones through a SourceZone. */

import {wallClockToIso, type SourceZone, type WallClock} from '../../model/time.js'

export type ParsedDateTime =
  | {kind: 'zoned'; iso: string}
  | {kind: 'local'; wall: WallClock}

const ISO_RE = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i

/** Reads `2024-03-01T10:00:00`, `...00.1234567`, `...Z`, `...+01:00`; undefined when not such a date or out of range. */
export function parseIsoDateTime(text: string): ParsedDateTime | undefined {
  const m = ISO_RE.exec(text.trim())
  if (!m) return undefined
  const wall: WallClock = {
    year: Number(m[1]),
    month: Number(m[2]),
    day: Number(m[3]),
    hour: Number(m[4]),
    minute: Number(m[5]),
    second: Number(m[6] ?? 0),
  }
  if (m[7]) wall.fraction = m[7]
  if (!isValidWallClock(wall)) return undefined
  const zone = m[8]
  if (!zone) return {kind: 'local', wall}
  let offsetMinutes = 0
  if (zone.toUpperCase() !== 'Z') {
    const digits = zone.replace(':', '')
    offsetMinutes = (digits[0] === '-' ? -1 : 1) * (Number(digits.slice(1, 3)) * 60 + Number(digits.slice(3, 5)))
  }
  const iso = wallClockToIso(wall, {name: zone, basis: 'evidence', offsetMinutesAtLocal: () => offsetMinutes})
  return iso ? {kind: 'zoned', iso} : undefined
}

export function isValidWallClock(w: WallClock): boolean {
  if (w.month < 1 || w.month > 12 || w.day < 1 || w.hour > 23 || w.minute > 59 || w.second > 60) return false
  const daysInMonth = new Date(Date.UTC(w.year, w.month, 0)).getUTCDate()
  return w.day <= daysInMonth && w.year >= 1601 && w.year <= 9999
}

/** UTC ISO for a parsed date-time; zone-less values are read in `zone`. */
export function dateTimeToUtc(parsed: ParsedDateTime, zone: SourceZone): {iso: string; zoneBasis?: SourceZone['basis']} | undefined {
  if (parsed.kind === 'zoned') return {iso: parsed.iso}
  const iso = wallClockToIso(parsed.wall, zone)
  return iso ? {iso, zoneBasis: zone.basis} : undefined
}
