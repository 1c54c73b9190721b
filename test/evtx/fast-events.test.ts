/** The model fast path against the general tree path on shapes the corpus has few of. */
import t from 'tap'

import {decodeChunk, newScratch} from '../../src/parsers/evtx/index.js'
import {buildEvtx, type EvtxEventSpec} from '../../src/parsers/evtx/writer.js'

const spec = (i: number, data: Array<[string, string]>): EvtxEventSpec => ({
  provider: 'Test-Provider', eventId: 100 + i, time: `2026-11-18T09:00:0${i}.0000000Z`, channel: 'Test/Operational', computer: 'WS-01', data,
})

function both(events: EvtxEventSpec[]): [string, string, Array<{data: Record<string, string>}>] {
  const chunk = buildEvtx(events).bytes.subarray(0x1000, 0x11000)
  const job = {path: 'x.evtx', output: 'win-event' as const, index: 0, fileOffset: 0x1000}
  const fast = decodeChunk(chunk, job, newScratch()).events!
  const tree = decodeChunk(chunk, {...job, compiled: false}, newScratch()).events!
  return [JSON.stringify(fast), JSON.stringify(tree), fast as Array<{data: Record<string, string>}>]
}

t.test('many fields, numeric and prototype-like names: the same keys, values and order as the tree path', async (t) => {
  const many = Array.from({length: 20}, (_, k): [string, string] => [`Field${k}`, `v${k}`])
  const names: Array<[string, string]> = [['2', 'two'], ['constructor', 'c'], ['toString', 's'], ['__proto__', 'p'], ['1', 'one'], ...many]
  const [fast, tree, events] = both([spec(1, names), spec(2, names.map(([n, v]): [string, string] => [n, `${v}!`]))])
  t.equal(fast, tree)
  const data = events[1]!.data
  t.same(Object.keys(data).slice(0, 4), ['1', '2', 'constructor', 'toString'], 'integer-like keys first, then insertion order')
  t.equal(data.Field19, 'v19!', 'the second record has its own values')
  t.notOk(Object.prototype.hasOwnProperty.call(data, '__proto__'), 'no own __proto__ key (as the tree path)')
  t.equal(Object.getPrototypeOf(data), Object.prototype, 'a plain object')
})

t.test('a record repeating the previous values reads the same values', async (t) => {
  const fields: Array<[string, string]> = Array.from({length: 15}, (_, k) => [`F${k}`, k % 2 ? 'same' : `x${k}`])
  const [fast, tree, events] = both([spec(1, fields), spec(2, fields), spec(3, [...fields.slice(0, 14), ['F14', 'changed']])])
  t.equal(fast, tree)
  t.same(events[0]!.data, events[1]!.data)
  t.equal(events[2]!.data.F14, 'changed')
  t.not(events[0]!.data, events[1]!.data, 'each record has its own object')
})
