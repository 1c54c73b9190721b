import t from 'tap'

import {packEvents, unpackEvents} from '../../src/parsers/evtx/event-pack.js'
import type {WinEventRecord} from '../../src/parsers/windows-event/record.js'

const src = (record: number, offset: number): WinEventRecord['source'] => ({path: 'a.evtx', kind: 'evtx', record, offset})

const events: WinEventRecord[] = [
  {provider: 'P', eventId: 1, recordId: 7, data: {Image: 'C:\\a.exe', User: 'x'}, source: src(7, 4608), channel: 'C', time: 't1', computer: 'h', userSid: 'S-1-5-18', processId: 4, threadId: 8},
  {provider: 'P', eventId: 1, recordId: 8, data: {Image: 'C:\\a.exe', User: 'y'}, source: src(8, 5000), channel: 'C', time: 't2', computer: 'h', processId: 4, threadId: 8},
  {provider: '', eventId: -1, recordId: 9, data: {}, source: src(9, 6000), time: 't3'},
  {provider: 'Q', eventId: Number.NaN, data: {'2': 'two', b: '', '1': 'one', Data: 'same', Data1: 'same'}, source: {path: 'b.evtx', kind: 'evtx'}, channel: '', time: 't3', computer: '', userSid: '', processId: 0, threadId: 4294967295},
]

t.test('unpacked records equal the packed ones, property by property and in order', async (t) => {
  const packed = packEvents(events)
  const back = unpackEvents(packed)
  t.same(back, events)
  t.equal(JSON.stringify(back), JSON.stringify(events), 'same JSON, so the same property order')
  t.ok(Number.isNaN(back[3]!.eventId), 'NaN event id kept')
  for (let i = 0; i < events.length; i++) t.same(Object.keys(back[i]!), Object.keys(events[i]!), `record ${i}: same keys in the same order`)
  t.ok(packed.strings.filter((s) => s === 'C:\\a.exe').length === 1, 'a value repeated in its field is sent once')
})

t.test('no records packs to nothing', async (t) => {
  t.same(unpackEvents(packEvents([])), [])
})
