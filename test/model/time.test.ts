import t from 'tap'
import {filetimeToIso, ianaZone, timeSortKey, wallClockToIso, isoInZone} from '../../src/model/time.js'

t.test('filetimeToIso keeps 100-ns precision', async t => {
  t.equal(filetimeToIso(132223564123456789n), '2020-01-01T12:46:52.3456789Z')
  t.equal(filetimeToIso(0n), '1601-01-01T00:00:00.0000000Z')
  t.equal(filetimeToIso(2n ** 63n), undefined)
})

t.test('wall clocks are read in the given zone', async t => {
  const berlin = ianaZone('Europe/Berlin')
  t.equal(wallClockToIso({year: 2024, month: 7, day: 1, hour: 12, minute: 0, second: 0}, berlin), '2024-07-01T10:00:00Z')
  t.equal(wallClockToIso({year: 2024, month: 1, day: 1, hour: 12, minute: 0, second: 0, fraction: '123'}, berlin), '2024-01-01T11:00:00.123Z')
  t.equal(wallClockToIso({year: 2024, month: 1, day: 1, hour: 12, minute: 0, second: 0}, ianaZone('-05:00')), '2024-01-01T17:00:00Z')
  t.throws(() => ianaZone('Mars/Olympus'))
})

t.test('sort keys order mixed precision', async t => {
  t.ok(timeSortKey('2024-01-01T00:00:00Z') < timeSortKey('2024-01-01T00:00:00.5Z'))
  t.equal(isoInZone('2024-07-01T10:00:00.1234567Z', 'Europe/Berlin'), '2024-07-01T12:00:00.1234567+02:00')
})
