import t from 'tap'
import {ASSUMED_UTC, ianaZone} from '../../src/model/time.js'
import {readTimeText} from '../../src/parsers/windows-event/text-time.js'
import {eventJsonToRecord, eventDataFromPayload} from '../../src/parsers/windows-event/event-json.js'

const berlin = {zone: ianaZone('Europe/Berlin')}

t.test('zoned ISO times become UTC with the precision they had', async (t) => {
  t.strictSame(readTimeText('2026-12-03T13:09:00.5Z', berlin), {iso: '2026-12-03T13:09:00.5Z'})
  t.strictSame(readTimeText('2026-12-03T14:12:00+01:00', berlin), {iso: '2026-12-03T13:12:00Z'})
  t.strictSame(readTimeText('2026-12-03 00:30:00.1234567 -05:30', berlin), {iso: '2026-12-03T06:00:00.1234567Z'})
  t.strictSame(readTimeText('2026-12-03T13:09:00.123456789Z', berlin), {iso: '2026-12-03T13:09:00.123456789Z'})
})

t.test('zone-less times are read in the source zone and say so', async (t) => {
  t.strictSame(readTimeText('Dec 3, 2026 @ 14:05:01.123', berlin), {iso: '2026-12-03T13:05:01.123Z', basis: 'source-tz'})
  t.strictSame(readTimeText('Jul 1, 2026 @ 14:05:01.123', berlin), {iso: '2026-07-01T12:05:01.123Z', basis: 'source-tz'})
  t.strictSame(readTimeText('2026-12-03 14:05:01.123', berlin), {iso: '2026-12-03T13:05:01.123Z', basis: 'source-tz'})
  t.strictSame(readTimeText('12/3/2026 2:11:00 PM', berlin), {iso: '2026-12-03T13:11:00Z', basis: 'source-tz'})
  t.strictSame(readTimeText('12/3/2026 12:11:00 AM', {zone: ASSUMED_UTC}), {iso: '2026-12-03T00:11:00Z', basis: 'assumed-utc'})
  t.strictSame(readTimeText('2026-12-03 13:05:01.1234567', {zone: ianaZone('Europe/Berlin'), zonelessIsUtc: true}), {iso: '2026-12-03T13:05:01.1234567Z'})
})

t.test('epoch milliseconds and unreadable texts', async (t) => {
  t.strictSame(readTimeText('1796303101123', berlin), {iso: '2026-12-03T13:05:01.123Z'})
  t.equal(readTimeText('yesterday at noon', berlin), undefined)
  t.equal(readTimeText('2026-02-30 10:00:00', berlin), undefined)
  t.equal(readTimeText('Foo 3, 2026 @ 14:05:01', berlin), undefined)
  t.equal(readTimeText('13/3/2026 1:00:00 PM', berlin), undefined)
})

t.test('evtx_dump Event JSON → WinEventRecord', async (t) => {
  const rec = eventJsonToRecord({Event: {
    '#attributes': {xmlns: 'x'},
    System: {
      Provider: {'#attributes': {Name: 'Service Control Manager', Guid: '{g}'}},
      EventID: {'#attributes': {Qualifiers: 16384}, '#text': 7045},
      TimeCreated: {'#attributes': {SystemTime: '2019-03-19T23:34:24.180394Z'}},
      EventRecordID: 501, Execution: {'#attributes': {ProcessID: 640, ThreadID: 660}}, Channel: 'System', Computer: 'IEWIN7',
      Security: {'#attributes': {UserID: 'S-1-5-21-1-1000'}},
    },
    EventData: {ServiceName: 'svc', ImagePath: 'C:\\a.exe', Flag: true, Count: 3, Empty: null},
  }}, {path: 'a.jsonl', kind: 'ndjson', line: 1})
  t.strictSame(rec, {
    provider: 'Service Control Manager', eventId: 7045, data: {ServiceName: 'svc', ImagePath: 'C:\\a.exe', Flag: 'true', Count: '3', Empty: ''},
    source: {path: 'a.jsonl', kind: 'ndjson', line: 1}, channel: 'System', time: '2019-03-19T23:34:24.180394Z', recordId: 501, computer: 'IEWIN7',
    userSid: 'S-1-5-21-1-1000', processId: 640, threadId: 660,
  })
  t.equal(eventJsonToRecord({Event: {System: {Channel: 'x'}}}, {path: 'a', kind: 'json'}), 'no readable Event.System.EventID')
  t.equal(eventJsonToRecord({foo: 1}, {path: 'a', kind: 'json'}), 'no Event element')
})

t.test('EventData forms: named items, unnamed items, UserData', async (t) => {
  t.strictSame(eventDataFromPayload({EventData: {Data: [{'@Name': 'A', '#text': '1'}, {'@Name': 'B', '#text': 'x'}]}}), {A: '1', B: 'x'})
  t.strictSame(eventDataFromPayload({EventData: {Data: {'#text': ['one', 'two', 'three']}}}), {Data: 'one', Data1: 'two', Data2: 'three'})
  t.strictSame(eventDataFromPayload({EventData: {Data: 'single'}}), {Data: 'single'})
  t.strictSame(eventDataFromPayload({UserData: {LogFileCleared: {'#attributes': {xmlns: 'y'}, SubjectUserName: 'Administrator', SubjectLogonId: '0x1'}}}), {SubjectUserName: 'Administrator', SubjectLogonId: '0x1'})
})
