/**
 * Templates are recognised across chunks by their bytes (template-match.ts). A later chunk whose copy of a template
 * differs — in a name, or in any other byte — must not be read with the earlier chunk's layout: the fast paths must
 * still give what the general tree path gives for that chunk.
 */
import t from 'tap'

import {buildEvtx, type EvtxEventSpec} from '../../src/parsers/evtx/writer.js'
import {decodeChunk, newScratch, type EvtxOutput} from '../../src/parsers/evtx/index.js'
import type {ChunkScratch} from '../../src/parsers/evtx/chunk.js'

const events: EvtxEventSpec[] = Array.from({length: 6}, (_, i) => ({
  provider: 'Microsoft-Windows-Security-Auditing',
  providerGuid: '{54849625-5478-4994-a5ba-3e3b0328c30d}',
  eventId: 4688,
  time: `2026-11-18T09:0${i}:00.0000000Z`,
  channel: 'Security',
  computer: 'WS-01',
  data: [['NewProcessName', `C:\\Windows\\p${i}.exe`], ['CommandLine', `p${i} /x`], ['TokenElevationType', '%%1936']],
}))

const built = buildEvtx(events, {maxRecordsPerChunk: 3})
const CHUNK = 0x10000
const chunkAt = (bytes: Uint8Array, i: number): Uint8Array => bytes.subarray(0x1000 + i * CHUNK, 0x1000 + (i + 1) * CHUNK)

/** Offset in `chunk` of the UTF-16 text `s` (the first occurrence after the chunk header). */
function find16(chunk: Uint8Array, s: string): number {
  const needle = Buffer.from(s, 'utf16le')
  const at = Buffer.from(chunk).indexOf(needle, 512)
  if (at < 0) throw new Error(`${s} not in chunk`)
  return at
}

function render(chunk: Uint8Array, index: number, output: EvtxOutput, scratch: ChunkScratch, compiled: boolean): string {
  const r = decodeChunk(chunk, {path: 'x.evtx', output, index, fileOffset: 0x1000 + index * CHUNK, meta: false, compiled}, scratch)
  t.same(r.issues.filter((i) => i.severity === 'error'), [], 'no decoding error')
  return r.text ? Buffer.from(r.text).toString('utf8') : JSON.stringify(r.events)
}

/** Chunk 1 as the fast paths read it after chunk 0 taught them the template, and as the tree path reads it alone. */
function both(bytes: Uint8Array, output: EvtxOutput): [string, string] {
  const scratch = newScratch()
  render(chunkAt(bytes, 0), 0, output, scratch, true)
  return [render(chunkAt(bytes, 1), 1, output, scratch, true), render(chunkAt(bytes, 1), 1, output, newScratch(), false)]
}

t.test('the unchanged template is recognised and read the same', async (t) => {
  t.equal(built.layout.chunks.length, 2)
  for (const output of ['win-event', 'json', 'xml'] as const) {
    const [fast, tree] = both(built.bytes, output)
    t.equal(fast, tree, output)
    t.match(fast, /p4 \/x/, `${output}: chunk 1's own values`)
  }
})

t.test('a renamed field in the later chunk is not taken for the known template', async (t) => {
  const bytes = new Uint8Array(built.bytes)
  const chunk = chunkAt(bytes, 1)
  const at = find16(chunk, 'CommandLine')
  chunk[at] = 'X'.charCodeAt(0) // 'XommandLine': same length, same GUID, chunk checksums now off
  for (const output of ['win-event', 'json', 'xml'] as const) {
    const [fast, tree] = both(bytes, output)
    t.equal(fast, tree, output)
    t.match(fast, /XommandLine/, `${output}: the renamed field`)
  }
})

t.test('another byte changed in the later template is not taken for the known one', async (t) => {
  const bytes = new Uint8Array(built.bytes)
  const chunk = chunkAt(bytes, 1)
  // the substitution token of the third EventData value (index 2) now points at the second (index 1)
  const name = find16(chunk, 'TokenElevationType')
  let p = name
  while (!(chunk[p] === 0x0e || chunk[p] === 0x0d) || chunk[p + 1] !== 2 || chunk[p + 2] !== 0) p++
  chunk[p + 1] = 1
  for (const output of ['win-event', 'json', 'xml'] as const) {
    const [fast, tree] = both(bytes, output)
    t.equal(fast, tree, output)
  }
  const [events] = both(bytes, 'win-event')
  const first = (JSON.parse(events) as Array<{data: Record<string, string>}>)[0]!
  t.equal(first.data.TokenElevationType, first.data.CommandLine, 'the field reads the value its template now names')
})
