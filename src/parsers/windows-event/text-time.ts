/** Reads the time texts that exports carry: ISO-8601 with or without a zone, Kibana's `MMM D, YYYY @ HH:mm:ss.SSS`, epoch milliseconds. */

import {epochMsToIso, wallClockToIso, type SourceZone, type WallClock} from '../../model/time.js'

export interface TimeReading {
  /** UTC ISO-8601 with the fraction digits the text had. */
  iso: string
  /** Set when the text carried no zone and was read in a zone: which basis that zone had. */
  basis?: SourceZone['basis']
}

export interface TimeTextOptions {
  /** Zone for zone-less texts. */
  zone: SourceZone
  /** The source writes UTC without saying so (EvtxECmd): zone-less texts are UTC, not local. */
  zonelessIsUtc?: boolean
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec']

const ISO = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?\s*(Z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)?$/i
const KIBANA = /^([A-Za-z]{3})[a-z]* (\d{1,2}), (\d{4}) @ (\d{1,2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?$/
const US_12H = /^(\d{1,2})\/(\d{1,2})\/(\d{4}),? (\d{1,2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))? ?([AP]M)$/i
const EPOCH_MS = /^\d{12,13}$/

function validWall(w: WallClock): boolean {
  if (w.month < 1 || w.month > 12 || w.day < 1 || w.hour > 23 || w.minute > 59 || w.second > 60) return false
  const d = new Date(Date.UTC(w.year, w.month - 1, w.day))
  return d.getUTCDate() === w.day && d.getUTCMonth() === w.month - 1
}

function wall(y: string, mo: number, d: string, h: number, mi: string, s: string | undefined, frac: string | undefined): WallClock {
  const w: WallClock = {year: Number(y), month: mo, day: Number(d), hour: h, minute: Number(mi), second: Number(s ?? 0)}
  if (frac) w.fraction = frac
  return w
}

function offsetMinutes(zone: string): number {
  if (/^(Z|UTC|GMT)$/i.test(zone)) return 0
  const m = /^([+-])(\d{2}):?(\d{2})?$/.exec(zone)!
  return (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3] ?? 0))
}

function zoneless(w: WallClock, options: TimeTextOptions): TimeReading | undefined {
  if (!validWall(w)) return undefined
  if (options.zonelessIsUtc) {
    const iso = wallClockToIso(w, {name: 'UTC', basis: 'evidence', offsetMinutesAtLocal: () => 0})
    return iso ? {iso} : undefined
  }
  const iso = wallClockToIso(w, options.zone)
  return iso ? {iso, basis: options.zone.basis} : undefined
}

/** Reads a time text; undefined when it is none of the known forms or not a real date. */
export function readTimeText(text: string, options: TimeTextOptions): TimeReading | undefined {
  const s = text.trim()
  const iso = ISO.exec(s)
  if (iso) {
    const w = wall(iso[1]!, Number(iso[2]), iso[3]!, Number(iso[4]), iso[5]!, iso[6], iso[7])
    if (iso[8] === undefined) return zoneless(w, options)
    if (!validWall(w)) return undefined
    const fixed = offsetMinutes(iso[8])
    const out = wallClockToIso(w, {name: iso[8], basis: 'evidence', offsetMinutesAtLocal: () => fixed})
    return out ? {iso: out} : undefined
  }
  const kibana = KIBANA.exec(s)
  if (kibana) {
    const month = MONTHS.indexOf(kibana[1]!.toLowerCase()) + 1
    if (month === 0) return undefined
    return zoneless(wall(kibana[3]!, month, kibana[2]!, Number(kibana[4]), kibana[5]!, kibana[6], kibana[7]), options)
  }
  const us = US_12H.exec(s)
  if (us) {
    let hour = Number(us[4])
    if (hour < 1 || hour > 12) return undefined
    if (/pm/i.test(us[8]!)) hour = hour === 12 ? 12 : hour + 12
    else if (hour === 12) hour = 0
    return zoneless(wall(us[3]!, Number(us[1]), us[2]!, hour, us[5]!, us[6], us[7]), options)
  }
  if (EPOCH_MS.test(s)) {
    const out = epochMsToIso(Number(s))
    return out ? {iso: out} : undefined
  }
  return undefined
}
