import t from 'tap'
import {join} from 'node:path'
import {createTimeZoneCollector, regParser, systemTimeFromHex, transitionInYear, windowsZone, zoneFromRegistry} from '../../src/parsers/reg/index.js'
import type {RegistryFacet} from '../../src/model/event.js'
import {ASSUMED_UTC, ianaZone, wallClockToIso, type SourceZone} from '../../src/model/time.js'

const SAMPLES = join(import.meta.dirname, '../../samples/reg')

async function zoneOf(file: string): Promise<SourceZone | undefined> {
  const collector = createTimeZoneCollector()
  const ctx = {path: file, zone: ASSUMED_UTC, issue: () => undefined, countRecords: () => undefined}
  for await (const e of regParser.parse(join(SAMPLES, file), ctx)) if (e.registry) collector.add(e.registry)
  return collector.zone()
}

const at = (zone: SourceZone, y: number, mo: number, d: number, h: number, mi = 0) =>
  wallClockToIso({year: y, month: mo, day: d, hour: h, minute: mi, second: 0}, zone)

t.test('W. Europe Standard Time from a UTF-16 export: DST from the last Sunday of March 02:00 to the last Sunday of October 03:00', async t => {
  const zone = (await zoneOf('all-types-v5.reg'))!
  t.equal(zone.name, 'W. Europe Standard Time')
  t.equal(zone.basis, 'evidence')
  // 2024: DST starts Sunday 31 March, ends Sunday 27 October.
  t.equal(at(zone, 2024, 3, 31, 1, 59), '2024-03-31T00:59:00Z')
  t.equal(at(zone, 2024, 3, 31, 3, 0), '2024-03-31T01:00:00Z')
  t.equal(at(zone, 2024, 10, 27, 1, 59), '2024-10-26T23:59:00Z')
  t.equal(at(zone, 2024, 10, 27, 2, 30), '2024-10-27T00:30:00Z', 'repeated hour read as its first (daylight) occurrence')
  t.equal(at(zone, 2024, 10, 27, 3, 0), '2024-10-27T02:00:00Z')
  t.equal(at(zone, 2024, 1, 15, 12), '2024-01-15T11:00:00Z')
  t.equal(at(zone, 2024, 7, 15, 12), '2024-07-15T10:00:00Z')
  // 2021: last Sunday of March is the 28th, of October the 31st.
  t.equal(at(zone, 2021, 3, 28, 2, 0), '2021-03-28T00:00:00Z')
  t.equal(at(zone, 2021, 10, 31, 3, 0), '2021-10-31T02:00:00Z')
  t.equal(at(zone, 2021, 10, 30, 12), '2021-10-30T10:00:00Z')
  // Agrees with the IANA rules for every hour of 2023 outside the ambiguous/skipped hours.
  const berlin = ianaZone('Europe/Berlin')
  let mismatches = 0
  for (let h = 0; h < 365 * 24; h++) {
    const d = new Date(Date.UTC(2023, 0, 1) + h * 3600000)
    const wall = {year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(), hour: d.getUTCHours(), minute: 0, second: 0}
    if ((wall.month === 3 && wall.day === 26 && wall.hour === 2) || (wall.month === 10 && wall.day === 29 && wall.hour === 2)) continue
    if (wallClockToIso(wall, zone) !== wallClockToIso(wall, berlin)) mismatches++
  }
  t.equal(mismatches, 0)
})

t.test('Eastern Standard Time chosen by Select\\Current = 2 among two control sets: second Sunday of March to first Sunday of November', async t => {
  const zone = (await zoneOf('timezone-us-eastern.reg'))!
  t.equal(zone.name, 'Eastern Standard Time')
  // 2024: DST from Sunday 10 March 02:00 EST to Sunday 3 November 02:00 EDT.
  t.equal(at(zone, 2024, 3, 10, 1, 59), '2024-03-10T06:59:00Z')
  t.equal(at(zone, 2024, 3, 10, 3, 0), '2024-03-10T07:00:00Z')
  t.equal(at(zone, 2024, 11, 3, 1, 30), '2024-11-03T05:30:00Z')
  t.equal(at(zone, 2024, 11, 3, 2, 0), '2024-11-03T07:00:00Z')
  t.equal(at(zone, 2024, 12, 24, 18), '2024-12-24T23:00:00Z')
  const ny = ianaZone('America/New_York')
  let mismatches = 0
  for (let h = 0; h < 365 * 24; h++) {
    const d = new Date(Date.UTC(2025, 0, 1) + h * 3600000)
    const wall = {year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(), hour: d.getUTCHours(), minute: 0, second: 0}
    if ((wall.month === 3 && wall.day === 9 && wall.hour === 2) || (wall.month === 11 && wall.day === 2 && wall.hour === 1)) continue
    if (wallClockToIso(wall, zone) !== wallClockToIso(wall, ny)) mismatches++
  }
  t.equal(mismatches, 0)
})

t.test('rules: no DST when dates are zero, CurrentControlSet preferred, southern hemisphere, SYSTEMTIME decoding', async t => {
  const key = 'HKLM\\SYSTEM\\CurrentControlSet\\Control\\TimeZoneInformation'
  const v = (value: string, type: string, data: string, k = key): RegistryFacet => ({key: k, value, type, data, operation: 'set'})
  const noDst = zoneFromRegistry([
    v('Bias', 'REG_DWORD', String(-60 >>> 0)),
    v('DaylightBias', 'REG_DWORD', String(-60 >>> 0)),
    v('DaylightStart', 'REG_BINARY', '0'.repeat(32)),
    v('StandardStart', 'REG_BINARY', '0'.repeat(32)),
    v('DynamicDaylightTimeDisabled', 'REG_DWORD', '1'),
  ])!
  t.equal(noDst.name, 'UTC+01:00')
  t.equal(at(noDst, 2024, 7, 1, 12), '2024-07-01T11:00:00Z')

  const other = 'HKLM\\SYSTEM\\ControlSet001\\Control\\TimeZoneInformation'
  const chosen = zoneFromRegistry([v('Bias', 'REG_DWORD', '0', other), v('Bias', 'REG_DWORD', '480'), v('TimeZoneKeyName', 'REG_SZ', 'Pacific Standard Time')])!
  t.equal(chosen.name, 'Pacific Standard Time')
  t.equal(at(chosen, 2024, 1, 1, 0), '2024-01-01T08:00:00Z')

  // AUS Eastern: Bias -600, DST from the first Sunday of October 02:00 to the first Sunday of April 03:00.
  const sydney = windowsZone({
    bias: -600,
    standardBias: 0,
    daylightBias: -60,
    daylightStart: {year: 0, month: 10, dayOfWeek: 0, day: 1, hour: 2, minute: 0, second: 0, milliseconds: 0},
    standardStart: {year: 0, month: 4, dayOfWeek: 0, day: 1, hour: 3, minute: 0, second: 0, milliseconds: 0},
  })
  t.equal(at(sydney, 2024, 1, 15, 12), '2024-01-15T01:00:00Z')
  t.equal(at(sydney, 2024, 7, 15, 12), '2024-07-15T02:00:00Z')
  t.equal(at(sydney, 2024, 10, 6, 3), '2024-10-05T16:00:00Z')

  t.strictSame(systemTimeFromHex('00000A00000005000300000000000000'), {year: 0, month: 10, dayOfWeek: 0, day: 5, hour: 3, minute: 0, second: 0, milliseconds: 0})
  t.equal(systemTimeFromHex('0A00'), undefined)
  // Fifth Sunday of February 2024 does not exist: the last one (25th) is used.
  t.equal(new Date(transitionInYear({year: 0, month: 2, dayOfWeek: 0, day: 5, hour: 0, minute: 0, second: 0, milliseconds: 0}, 2024)).toISOString(), '2024-02-25T00:00:00.000Z')
  t.equal(zoneFromRegistry([v('Bias', 'REG_DWORD', '0', 'HKLM\\SOFTWARE\\X')]), undefined)
})
