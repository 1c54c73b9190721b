/**
 * The machine's time zone from `SYSTEM\<ControlSet>\Control\TimeZoneInformation` values, applied with Windows' own rule:
 * standard and daylight start given as "Nth weekday of a month at a time" (N = 5 means the last one).
 */

import type {RegistryFacet} from '../../model/event.js'
import type {SourceZone, WallClock} from '../../model/time.js'

/** A Windows SYSTEMTIME as stored in StandardStart / DaylightStart. */
export interface SystemTime {
  year: number
  month: number
  dayOfWeek: number
  /** Week of the month (1..5, 5 = last) when `year` is 0, else the day of the month. */
  day: number
  hour: number
  minute: number
  second: number
  milliseconds: number
}

/** The TIME_ZONE_INFORMATION of a machine; biases in minutes, UTC = local + bias. */
export interface WindowsZoneRule {
  bias: number
  standardBias: number
  daylightBias: number
  standardStart?: SystemTime
  daylightStart?: SystemTime
  /**
   * DynamicDaylightTimeDisabled = 1: the fixed StandardStart/DaylightStart dates apply rather than per-year dynamic rules
   * (which are not in this key). With "adjust for daylight saving time" turned off Windows also zeroes both dates, and
   * zeroed dates (month 0) mean no daylight saving.
   */
  dynamicDaylightTimeDisabled?: boolean
  keyName?: string
  standardName?: string
}

/** Decodes the 16 bytes of a SYSTEMTIME given as hex text (`0000 0A00 ...` or `00000A00...`). */
export function systemTimeFromHex(hex: string): SystemTime | undefined {
  const clean = hex.replace(/[\s,]/g, '')
  if (!/^[0-9a-fA-F]{32}$/.test(clean)) return undefined
  const b = Buffer.from(clean, 'hex')
  const w = (i: number): number => b.readUInt16LE(i * 2)
  return {year: w(0), month: w(1), dayOfWeek: w(2), day: w(3), hour: w(4), minute: w(5), second: w(6), milliseconds: w(7)}
}

/** Local time (as naive UTC milliseconds) at which a transition happens in `year`. */
export function transitionInYear(st: SystemTime, year: number): number {
  const time = ((st.hour * 60 + st.minute) * 60 + st.second) * 1000 + st.milliseconds
  if (st.year !== 0) return Date.UTC(year, st.month - 1, st.day) + time
  const firstWeekday = new Date(Date.UTC(year, st.month - 1, 1)).getUTCDay()
  let day = 1 + ((st.dayOfWeek - firstWeekday + 7) % 7) + (st.day - 1) * 7
  const daysInMonth = new Date(Date.UTC(year, st.month, 0)).getUTCDate()
  while (day > daysInMonth) day -= 7
  return Date.UTC(year, st.month - 1, day) + time
}

/** A SourceZone (basis 'evidence') that reads local wall clocks with the Windows rule. */
export function windowsZone(rule: WindowsZoneRule): SourceZone {
  const standardOffset = -(rule.bias + rule.standardBias)
  const daylightOffset = -(rule.bias + rule.daylightBias)
  const {standardStart, daylightStart} = rule
  const observesDst = standardStart !== undefined && daylightStart !== undefined && standardStart.month !== 0 && daylightStart.month !== 0
  const name = rule.keyName ?? rule.standardName ?? `UTC${standardOffset >= 0 ? '+' : '-'}${String(Math.floor(Math.abs(standardOffset) / 60)).padStart(2, '0')}:${String(Math.abs(standardOffset) % 60).padStart(2, '0')}`
  return {
    name,
    basis: 'evidence',
    offsetMinutesAtLocal(wall: WallClock): number {
      if (!observesDst) return standardOffset
      const local = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second)
      // DaylightStart is given in standard local time, StandardStart in daylight local time; in the repeated
      // hour at the end of daylight time the first (daylight) reading is chosen.
      const dst = transitionInYear(daylightStart, wall.year)
      const std = transitionInYear(standardStart, wall.year)
      const inDst = dst < std ? local >= dst && local < std : local >= dst || local < std
      return inDst ? daylightOffset : standardOffset
    },
  }
}

const TZ_KEY = /^(.*)\\(CurrentControlSet|ControlSet(\d{3}))\\Control\\TimeZoneInformation$/i
const SELECT_KEY = /^(.*)\\Select$/i

interface Collected {
  values: Map<string, RegistryFacet>
  root: string
  setNumber?: number
  current: boolean
}

/** Collects TimeZoneInformation values while a .reg export streams by; ask for the zone at the end. */
export interface TimeZoneCollector {
  add(value: RegistryFacet): void
  /** The zone of the control set in use (Select\Current, else CurrentControlSet, else the lowest ControlSet00N). */
  zone(): SourceZone | undefined
  rule(): WindowsZoneRule | undefined
}

export function createTimeZoneCollector(): TimeZoneCollector {
  const sets = new Map<string, Collected>()
  const selectCurrent = new Map<string, number>()
  const collector: TimeZoneCollector = {
    add(value) {
      if (value.operation !== 'set' || value.value === undefined) return
      const tz = TZ_KEY.exec(value.key)
      if (tz) {
        const id = value.key.toLowerCase()
        let entry = sets.get(id)
        if (!entry) {
          entry = {values: new Map(), root: tz[1]!.toLowerCase(), current: tz[3] === undefined, ...(tz[3] === undefined ? {} : {setNumber: Number(tz[3])})}
          sets.set(id, entry)
        }
        entry.values.set(value.value.toLowerCase(), value)
        return
      }
      const select = SELECT_KEY.exec(value.key)
      if (select && value.value.toLowerCase() === 'current' && value.type === 'REG_DWORD' && value.data !== undefined) {
        selectCurrent.set(select[1]!.toLowerCase(), Number(value.data))
      }
    },
    rule() {
      const entries = [...sets.values()]
      const chosen =
        entries.find(e => e.setNumber !== undefined && selectCurrent.get(e.root) === e.setNumber) ??
        entries.find(e => e.current) ??
        entries.filter(e => e.setNumber !== undefined).sort((a, b) => a.setNumber! - b.setNumber!)[0]
      return chosen ? ruleFromValues(chosen.values) : undefined
    },
    zone() {
      const rule = collector.rule()
      return rule ? windowsZone(rule) : undefined
    },
  }
  return collector
}

/** The zone described by the TimeZoneInformation values among `values`, or undefined when there are none. */
export function zoneFromRegistry(values: Iterable<RegistryFacet>): SourceZone | undefined {
  const collector = createTimeZoneCollector()
  for (const v of values) collector.add(v)
  return collector.zone()
}

function dword(v: RegistryFacet | undefined): number | undefined {
  if (v?.type !== 'REG_DWORD' || v.data === undefined || !/^\d+$/.test(v.data)) return undefined
  return Number(v.data) | 0
}

function ruleFromValues(values: Map<string, RegistryFacet>): WindowsZoneRule | undefined {
  const bias = dword(values.get('bias'))
  if (bias === undefined) return undefined
  const rule: WindowsZoneRule = {bias, standardBias: dword(values.get('standardbias')) ?? 0, daylightBias: dword(values.get('daylightbias')) ?? 0}
  const standardStart = values.get('standardstart')?.data
  const daylightStart = values.get('daylightstart')?.data
  const std = standardStart === undefined ? undefined : systemTimeFromHex(standardStart)
  const dst = daylightStart === undefined ? undefined : systemTimeFromHex(daylightStart)
  if (std) rule.standardStart = std
  if (dst) rule.daylightStart = dst
  const disabled = dword(values.get('dynamicdaylighttimedisabled'))
  if (disabled !== undefined) rule.dynamicDaylightTimeDisabled = disabled !== 0
  const keyName = values.get('timezonekeyname')?.data
  if (keyName) rule.keyName = keyName
  const standardName = values.get('standardname')?.data
  if (standardName) rule.standardName = standardName
  return rule
}
