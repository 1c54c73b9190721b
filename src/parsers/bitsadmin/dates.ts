/**
 * Dates as bitsadmin prints them, in the collecting machine's locale: `12/17/2002 1:21:17 PM` (US),
 * `17/12/2002 13:21:17` (UK), `17.12.2002 13:21:17` (German), `2002-12-17 13:21:17` (ISO).
 *
 * Slash dates do not say whether the day or the month comes first. The order is inferred from the whole file:
 * a first number above 12 means day-first, a second number above 12 means month-first; without such a date an AM/PM
 * marker means the US order. A date whose order stays unknown (both numbers ≤ 12 and different) is not converted.
 */

import type {WallClock} from '../../model/time.js'
import {isValidWallClock} from '../text/datetime.js'

export type DateOrder = 'mdy' | 'dmy'

export type ListingDate =
  | {kind: 'none'}
  | {kind: 'wall'; wall: WallClock}
  | {kind: 'ambiguous'; reason: string}
  | {kind: 'invalid'; reason: string}

interface SlashParts {
  a: number
  b: number
  year: number
  hour: number
  minute: number
  second: number
  meridiem?: 'AM' | 'PM'
}

const SLASH = /^(\d{1,2})\/(\d{1,2})\/(\d{4}),?\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AaPp]\.?[Mm]\.?)?$/
const DOTTED = /^(\d{1,2})\.(\d{1,2})\.(\d{4}),?\s+(\d{1,2}):(\d{2})(?::(\d{2}))?$/
const ISO = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})[ T]+(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?$/

function slashParts(text: string): SlashParts | undefined {
  const m = SLASH.exec(text)
  if (!m) return undefined
  const parts: SlashParts = {a: Number(m[1]), b: Number(m[2]), year: Number(m[3]), hour: Number(m[4]), minute: Number(m[5]), second: Number(m[6] ?? 0)}
  if (m[7]) parts.meridiem = m[7][0]!.toUpperCase() === 'A' ? 'AM' : 'PM'
  return parts
}

/** What the file's slash dates say about their order. */
export interface OrderEvidence {
  dayFirst: boolean
  monthFirst: boolean
  meridiem: boolean
}

export function collectOrderEvidence(texts: Iterable<string>): OrderEvidence {
  const evidence: OrderEvidence = {dayFirst: false, monthFirst: false, meridiem: false}
  for (const text of texts) {
    const p = slashParts(text.trim())
    if (!p) continue
    if (p.a > 12 && p.b <= 12) evidence.dayFirst = true
    if (p.b > 12 && p.a <= 12) evidence.monthFirst = true
    if (p.meridiem) evidence.meridiem = true
  }
  return evidence
}

/** The order the file's evidence points to; undefined when it is silent or contradicts itself. */
export function inferOrder(evidence: OrderEvidence): {order?: DateOrder; why: string} {
  if (evidence.dayFirst && evidence.monthFirst) return {why: 'the file has both day-first and month-first dates'}
  if (evidence.dayFirst) return {order: 'dmy', why: 'a date in the file has a first number above 12'}
  if (evidence.monthFirst) return {order: 'mdy', why: 'a date in the file has a second number above 12'}
  if (evidence.meridiem) return {order: 'mdy', why: 'the file writes times with AM/PM (US locale)'}
  return {why: 'no date in the file has a number above 12 and no time has AM/PM'}
}

export function parseListingDate(raw: string, order: {order?: DateOrder; why: string}): ListingDate {
  const text = raw.trim()
  if (text === '' || /^UNKNOWN$/i.test(text)) return {kind: 'none'}
  const invalid: ListingDate = {kind: 'invalid', reason: `unreadable date "${text}"`}
  let wall: WallClock | undefined
  const slash = slashParts(text)
  if (slash) {
    let hour = slash.hour
    if (slash.meridiem) {
      if (hour < 1 || hour > 12) return invalid
      hour = (hour % 12) + (slash.meridiem === 'PM' ? 12 : 0)
    }
    const base = {year: slash.year, hour, minute: slash.minute, second: slash.second}
    const selfEvident: DateOrder | undefined = slash.a > 12 ? 'dmy' : slash.b > 12 ? 'mdy' : slash.a === slash.b ? 'mdy' : undefined
    const chosen = selfEvident ?? order.order
    if (!chosen) return {kind: 'ambiguous', reason: `ambiguous date "${text}": day and month order unknown (${order.why}); kept as text`}
    wall = chosen === 'mdy' ? {...base, month: slash.a, day: slash.b} : {...base, month: slash.b, day: slash.a}
  } else {
    const dotted = DOTTED.exec(text)
    const iso = dotted ? undefined : ISO.exec(text)
    if (dotted) {
      wall = {year: Number(dotted[3]), month: Number(dotted[2]), day: Number(dotted[1]), hour: Number(dotted[4]), minute: Number(dotted[5]), second: Number(dotted[6] ?? 0)}
    } else if (iso) {
      wall = {year: Number(iso[1]), month: Number(iso[2]), day: Number(iso[3]), hour: Number(iso[4]), minute: Number(iso[5]), second: Number(iso[6] ?? 0)}
      if (iso[7]) wall.fraction = iso[7]
    }
  }
  if (!wall || !isValidWallClock(wall)) return invalid
  return {kind: 'wall', wall}
}
