/**
 * Hand-assembled chunks (header, string entries, template definitions, records) decoded by the core: every
 * BinXml token, the JSON/XML renderers (general and compiled), the fast path, and damage handling.
 */
import t from 'tap'
import {crc32} from '../../src/parsers/evtx/crc32.js'
import {decodeChunk, newScratch, type ChunkJob, type ChunkResult} from '../../src/parsers/evtx/chunk.js'

/** A little assembler over a 64 KiB chunk; offsets are chunk-relative. */
class Asm {
  readonly buf = new Uint8Array(0x10000)
  readonly dv = new DataView(this.buf.buffer)
  pos = 512
  private readonly names = new Map<string, number>()

  u8(v: number): this {
    this.buf[this.pos++] = v
    return this
  }
  u16(v: number): this {
    this.dv.setUint16(this.pos, v, true)
    this.pos += 2
    return this
  }
  u32(v: number): this {
    this.dv.setUint32(this.pos, v >>> 0, true)
    this.pos += 4
    return this
  }
  u64(v: number): this {
    return this.u32(v % 4294967296).u32(Math.floor(v / 4294967296))
  }
  utf16(s: string): this {
    for (let i = 0; i < s.length; i++) this.u16(s.charCodeAt(i))
    return this
  }
  bytes(b: ArrayLike<number>): this {
    for (let i = 0; i < b.length; i++) this.u8(b[i]!)
    return this
  }
  /** A name reference: inline entry on first use, the entry's offset afterwards. */
  name(s: string): this {
    const known = this.names.get(s)
    if (known !== undefined) return this.u32(known)
    const at = this.pos + 4
    this.names.set(s, at)
    return this.u32(at).u32(0).u16(0).u16(s.length).utf16(s).u16(0)
  }
  open(name: string, opts: {attrs?: boolean; dep?: boolean} = {}): this {
    this.u8(opts.attrs ? 0x41 : 0x01)
    if (opts.dep !== false) this.u16(0xffff)
    this.u32(0).name(name)
    if (opts.attrs) this.u32(0)
    return this
  }
  attr(name: string): this {
    return this.u8(0x06).name(name)
  }
  text(s: string): this {
    return this.u8(0x05).u8(0x01).u16(s.length).utf16(s)
  }
  sub(index: number, type: number, optional = false): this {
    return this.u8(optional ? 0x0e : 0x0d).u16(index).u8(type)
  }
  closeStart(): this {
    return this.u8(0x02)
  }
  closeEmpty(): this {
    return this.u8(0x03)
  }
  end(): this {
    return this.u8(0x04)
  }
  /** Where template definitions go (records start at 512; templates need not sit inside a record). */
  private tplPos = 0x8000

  /** Template definition header + body written by `body` in the template area; returns its offset. */
  template(body: (a: this) => void): number {
    const saved = this.pos
    this.pos = this.tplPos
    const at = this.pos
    this.u32(0).bytes(new Array(16).fill(0).map((_, i) => i + 1)).u32(0)
    const start = this.pos
    this.bytes([0x0f, 1, 1, 0])
    body(this)
    this.u8(0x00)
    this.dv.setUint32(at + 20, this.pos - start, true)
    this.tplPos = this.pos
    this.pos = saved
    return at
  }
}

type Value = {type: number; bytes: number[]}
const enc = {
  str: (s: string): Value => ({type: 0x01, bytes: [...s].flatMap((c) => [c.charCodeAt(0) & 0xff, c.charCodeAt(0) >> 8]).concat([0, 0])}),
  u16: (v: number): Value => ({type: 0x06, bytes: [v & 0xff, v >> 8]}),
  u32: (v: number): Value => ({type: 0x08, bytes: [v & 0xff, (v >> 8) & 0xff, (v >> 16) & 0xff, v >>> 24]}),
  hex64: (lo: number, hi = 0): Value => ({type: 0x15, bytes: [...enc.u32(lo).bytes, ...enc.u32(hi).bytes]}),
  raw: (type: number, bytes: number[]): Value => ({type, bytes}),
}

/** Writes a record whose BinXml is a fragment header + an instance of the template at `tpl` (inline when first). */
function record(a: Asm, id: number, tpl: number, values: Value[], opts: {inlineDef?: () => void; after?: number[]} = {}): number {
  const start = a.pos
  a.u32(0x2a2a).u32(0).u64(id).u64(132000000000000000 + id * 10000000)
  a.bytes([0x0f, 1, 1, 0]).u8(0x0c).u8(0x01).u32(0).u32(tpl)
  opts.inlineDef?.()
  a.u32(values.length)
  for (const v of values) a.u16(v.bytes.length).u8(v.type).u8(0)
  for (const v of values) a.bytes(v.bytes)
  a.bytes(opts.after ?? [0x00])
  while ((a.pos - start + 4) % 8) a.u8(0)
  const size = a.pos - start + 4
  a.u32(size)
  a.dv.setUint32(start + 4, size, true)
  return start
}

function finishChunk(a: Asm, lastId: number, opts: {badEventsCrc?: boolean} = {}): Uint8Array {
  const b = a.buf
  b.set([0x45, 0x6c, 0x66, 0x43, 0x68, 0x6e, 0x6b, 0x00])
  a.dv.setUint32(8, 1, true)
  a.dv.setUint32(16, lastId, true)
  a.dv.setUint32(24, 1, true)
  a.dv.setUint32(32, lastId, true)
  a.dv.setUint32(40, 128, true)
  a.dv.setUint32(48, a.pos, true)
  a.dv.setUint32(52, (crc32(b, 512, a.pos) ^ (opts.badEventsCrc ? 1 : 0)) >>> 0, true)
  a.dv.setUint32(124, crc32(b, 128, 512, crc32(b, 0, 120)), true)
  return b
}

const job = (output: ChunkJob['output'], extra: Partial<ChunkJob> = {}): ChunkJob => ({path: 'mem.evtx', output, index: 0, fileOffset: 4096, ...extra})
const lines = (r: ChunkResult): string[] => (r.text ? new TextDecoder().decode(r.text).split('\n').slice(0, -1) : [])

const NS = 'http://schemas.microsoft.com/win/2004/08/events/event'

/** Event/System/EventData template with a Provider attribute, optional Correlation and two named Data. */
function securityLike(a: Asm): number {
  return a.template((x) => {
    x.open('Event', {attrs: true}).attr('xmlns').text(NS).closeStart()
    x.open('System').closeStart()
    x.open('Provider', {attrs: true}).attr('Name').sub(1, 0x01, true).closeEmpty()
    x.open('EventID').closeStart().sub(0, 0x06, true).end()
    x.open('Correlation', {attrs: true}).attr('ActivityID').sub(4, 0x0f, true).closeEmpty()
    x.open('Channel').closeStart().text('Security').end()
    x.end()
    x.open('EventData').closeStart()
    x.open('Data', {attrs: true}).attr('Name').text('TargetUserName').closeStart().sub(2, 0x01).end()
    x.open('Data', {attrs: true}).attr('Name').text('TargetLogonId').closeStart().sub(3, 0x15).end()
    x.end()
    x.end()
  })
}

t.test('template instance: JSON like evtx_dump, XML like Windows, fast path, compiled = general', async (t) => {
  const a = new Asm()
  const tpl = securityLike(a)
  record(a, 1, tpl, [enc.u16(4624), enc.str('Microsoft-Windows-Security-Auditing'), enc.str('bob & "co"'), enc.hex64(0x3e7), enc.raw(0x00, [])])
  record(a, 2, tpl, [enc.u16(4625), enc.str('Microsoft-Windows-Security-Auditing'), enc.str(''), enc.hex64(0x10, 1), enc.raw(0x0f, [0x78, 0x56, 0x34, 0x12, 0x34, 0x12, 0x78, 0x56, 1, 2, 3, 4, 5, 6, 7, 8])])
  const chunk = finishChunk(a, 2)
  const want = [
    '{"Event":{"#attributes":{"xmlns":"' + NS + '"},"System":{"Provider":{"#attributes":{"Name":"Microsoft-Windows-Security-Auditing"}},"EventID":4624,"Correlation":null,"Channel":"Security"},"EventData":{"TargetUserName":"bob & \\"co\\"","TargetLogonId":"0x3e7"}}}',
    '{"Event":{"#attributes":{"xmlns":"' + NS + '"},"System":{"Provider":{"#attributes":{"Name":"Microsoft-Windows-Security-Auditing"}},"EventID":4625,"Correlation":{"#attributes":{"ActivityID":"{12345678-1234-5678-0102-030405060708}"}},"Channel":"Security"},"EventData":{"TargetUserName":"","TargetLogonId":"0x100000010"}}}',
  ]
  for (const compiled of [true, false]) {
    const r = decodeChunk(chunk, job('json', {compiled}), newScratch())
    t.same(r.issues, [], `no issues (compiled ${compiled})`)
    t.same(lines(r), want, `json (compiled ${compiled})`)
    t.same(r.recordIds, [1, 2])
    t.same(r.eventIds, [4624, 4625])
    t.same(r.providers, ['Microsoft-Windows-Security-Auditing', 'Microsoft-Windows-Security-Auditing'])
    t.same(r.channels, ['Security', 'Security'])
    t.same(r.offsets, [4096 + 512, r.offsets[1]])
    t.equal(r.written[0], '2019-04-17T18:40:01.0000000Z') // 132000000000000000 + 10^7 ticks
  }
  const xml = lines(decodeChunk(chunk, job('xml'), newScratch()))
  t.equal(
    xml[0],
    `<Event xmlns="${NS}"><System><Provider Name="Microsoft-Windows-Security-Auditing"/><EventID>4624</EventID><Correlation/><Channel>Security</Channel></System><EventData><Data Name="TargetUserName">bob &amp; "co"</Data><Data Name="TargetLogonId">0x3e7</Data></EventData></Event>`,
  )
  t.equal(xml[1]?.includes('<Correlation ActivityID="{12345678-1234-5678-0102-030405060708}"/>'), true)
  t.equal(xml[1]?.includes('<Data Name="TargetUserName"/>'), true)
  for (const compiled of [true, false]) {
    const ev = decodeChunk(chunk, job('win-event', {compiled}), newScratch()).events!
    t.same(ev[0], {
      provider: 'Microsoft-Windows-Security-Auditing',
      eventId: 4624,
      recordId: 1,
      data: {TargetUserName: 'bob & "co"', TargetLogonId: '0x3e7'},
      source: {path: 'mem.evtx', kind: 'evtx', record: 1, offset: 4096 + 512},
      channel: 'Security',
      time: '2019-04-17T18:40:01.0000000Z',
    }, `fast path (compiled ${compiled})`)
  }
})

t.test('pre-filters skip records by event id and provider, other filters by channel and time', async (t) => {
  const a = new Asm()
  const tpl = securityLike(a)
  record(a, 1, tpl, [enc.u16(4624), enc.str('P1'), enc.str('a'), enc.hex64(1)])
  record(a, 2, tpl, [enc.u16(4625), enc.str('P2'), enc.str('b'), enc.hex64(2)])
  const chunk = finishChunk(a, 2)
  let r = decodeChunk(chunk, job('json', {eventIds: [4625]}), newScratch())
  t.same(r.recordIds, [2])
  t.equal(r.filtered, 1)
  r = decodeChunk(chunk, job('win-event', {providers: ['p1']}), newScratch())
  t.same(r.recordIds, [1])
  r = decodeChunk(chunk, job('xml', {channels: ['system']}), newScratch())
  t.same(r.recordIds, [])
  t.equal(r.filtered, 2)
})

t.test('tokens: CDATA, char and entity references, PI, optional empty dropped, repeated names, arrays, nested BinXml', async (t) => {
  const a = new Asm()
  const inner = a.template((x) => {
    x.open('EventData').closeStart()
    x.open('Data', {attrs: true}).attr('Name').text('Inner').closeStart().sub(0, 0x01).end()
    x.end()
  })
  const tpl = a.template((x) => {
    x.open('Event').closeStart()
    x.open('System').closeStart()
    x.open('EventID').closeStart().sub(0, 0x06).end()
    x.end()
    x.open('UserData').closeStart()
    x.open('Doc').closeStart()
    x.open('Item').closeStart().u8(0x07).u16(3).utf16('a<b').end()
    x.open('Item').closeStart().text('x').u8(0x08).u16(0x41).u8(0x09).name('amp').end()
    x.open('Opt').closeStart().sub(1, 0x01, true).end()
    x.open('Pi').closeStart().u8(0x0a).name('tgt').u8(0x0b).u16(2).utf16('hi').end()
    x.end()
    x.end()
    x.open('EventData').closeStart()
    x.open('Data').closeStart().sub(2, 0x81).end()
    x.end()
    x.sub(3, 0x21)
    x.end()
  })
  // nested BinXml value: fragment header + instance of `inner` + EOF (element starts without dependency id)
  const nestedStart = 0 // placeholder, computed below
  void nestedStart
  const nestedBytes = (() => {
    const b = new Asm()
    b.bytes([0x0f, 1, 1, 0]).u8(0x0c).u8(1).u32(0).u32(inner).u32(1).u16(6).u8(0x01).u8(0).utf16('in').u16(0).u8(0x00)
    return Array.from(b.buf.subarray(512, b.pos))
  })()
  const arr = [...'one'].flatMap((c) => [c.charCodeAt(0), 0]).concat([0, 0], [...'two'].flatMap((c) => [c.charCodeAt(0), 0]), [0, 0])
  record(a, 7, tpl, [enc.u16(1), enc.str(''), enc.raw(0x81, arr), enc.raw(0x21, nestedBytes)])
  const chunk = finishChunk(a, 7)
  for (const compiled of [true, false]) {
    const r = decodeChunk(chunk, job('json', {compiled}), newScratch())
    t.same(r.issues, [])
    t.equal(
      lines(r)[0],
      '{"Event":{"System":{"EventID":1},"UserData":{"Doc":{"Item":"a<b","Item_1":"xA&","Opt":null,"Pi":null}},"EventData":{"Data":{"#text":["one","two"]}},"EventData_1":{"Inner":"in"}}}',
      `json (compiled ${compiled})`,
    )
  }
  t.equal(
    lines(decodeChunk(chunk, job('xml'), newScratch()))[0],
    '<Event><System><EventID>1</EventID></System><UserData><Doc><Item><![CDATA[a<b]]></Item><Item>x&#65;&amp;</Item><Opt/><Pi><?tgt hi?></Pi></Doc></UserData><EventData><Data>one</Data><Data>two</Data></EventData><EventData><Data Name="Inner">in</Data></EventData></Event>',
  )
  const ev = decodeChunk(chunk, job('win-event'), newScratch()).events![0]!
  t.same(ev.data, {Item: 'a<b', Item_1: 'xA&', Opt: '', Pi: '', Data: 'one', Data1: 'two', Inner: 'in'})
})

t.test('damage: bad record, size 0, bad magic, checksum mismatch are issues; good records are kept', async (t) => {
  const a = new Asm()
  const tpl = securityLike(a)
  record(a, 1, tpl, [enc.u16(1), enc.str('P'), enc.str('a'), enc.hex64(1)])
  const bad = record(a, 2, tpl, [enc.u16(2), enc.str('P'), enc.str('b'), enc.hex64(2)])
  record(a, 3, tpl, [enc.u16(3), enc.str('P'), enc.str('c'), enc.hex64(3)])
  const zero = a.pos
  record(a, 4, tpl, [enc.u16(4), enc.str('P'), enc.str('d'), enc.hex64(4)])
  const chunk = finishChunk(a, 4, {badEventsCrc: true})
  chunk[bad + 24 + 4] = 0x77 // record 2: unknown token where the template instance was
  let r = decodeChunk(chunk, job('json'), newScratch())
  t.same(r.recordIds, [1, 3, 4])
  t.same(r.issues.map((i) => [i.severity, i.record ?? null]), [['warning', null], ['error', 2]])
  t.equal(r.issues[0]!.reason, 'event records checksum mismatch')
  t.equal(r.issues[1]!.reason, `record 2 not decoded: BinXml token at offset ${bad + 28}: unknown token 0x77`)
  t.equal(r.issues[1]!.offset, 4096 + bad)
  t.equal(r.issues[1]!.chunk, 0)

  new DataView(chunk.buffer).setUint32(zero + 4, 0, true)
  r = decodeChunk(chunk, job('win-event'), newScratch())
  t.same(r.recordIds, [1, 3])
  t.match(r.issues[2]!.reason, /record size 0 too small/)

  new DataView(chunk.buffer).setUint32(zero, 0x12345678, true)
  r = decodeChunk(chunk, job('xml'), newScratch())
  t.same(r.recordIds, [1, 3])
  t.match(r.issues[2]!.reason, /record header magic 0x12345678 invalid/)

  chunk[0] = 0
  r = decodeChunk(chunk, job('json'), newScratch())
  t.same(r.recordIds, [])
  t.same(r.issues.map((i) => i.reason), ['chunk header magic missing'])
})

t.test('hostile structures stay bounded: self-nesting BinXml, instance in a template, record past the chunk', async (t) => {
  const a = new Asm()
  const tpl = a.template((x) => {
    x.open('Event').closeStart().sub(0, 0x21).end()
  })
  // a BinXml value that instantiates the same template with itself as value: recursion must stop at the limit
  const self = a.pos + 24 + 4 + 10 + 4 + 4
  const rec = a.pos
  a.u32(0x2a2a).u32(0).u64(1).u64(132000000000000000)
  a.bytes([0x0f, 1, 1, 0]).u8(0x0c).u8(1).u32(0).u32(tpl).u32(1).u16(22).u8(0x21).u8(0)
  t.equal(a.pos, self)
  a.bytes([0x0f, 1, 1, 0]).u8(0x0c).u8(1).u32(0).u32(tpl).u32(1).u16(22).u8(0x21).u8(0).u8(0)
  a.u8(0)
  while ((a.pos - rec + 4) % 8) a.u8(0)
  a.u32(a.pos - rec + 4)
  a.dv.setUint32(rec + 4, a.pos - rec, true)
  // a template whose body holds a template instance
  const evil = a.template((x) => {
    x.open('Event').closeStart().u8(0x0c).u8(1).u32(0).u32(tpl).u32(0).end()
  })
  record(a, 2, evil, [])
  const chunk = finishChunk(a, 2)
  for (const output of ['json', 'xml', 'win-event'] as const) {
    const r = decodeChunk(chunk, job(output), newScratch())
    t.same(r.recordIds, [], output)
    t.equal(r.issues.length, 2, output)
    t.match(r.issues[1]!.reason, /template instance/)
  }
  const big = new DataView(chunk.buffer)
  big.setUint32(rec + 4, 0x20000, true)
  const r = decodeChunk(chunk, job('json'), newScratch())
  t.match(r.issues.at(-1)!.reason, /runs past the chunk end/)
})

/** A file: 4 KiB header (`ElfFile\0`, CRC over 0..120) followed by the given 64 KiB blocks. */
function evtxFile(blocks: Uint8Array[], opts: {header?: boolean} = {}): Uint8Array {
  const f = new Uint8Array(4096 + blocks.length * 0x10000)
  const dv = new DataView(f.buffer)
  if (opts.header !== false) {
    f.set([0x45, 0x6c, 0x66, 0x46, 0x69, 0x6c, 0x65, 0x00])
    dv.setUint32(32, 128, true)
    dv.setUint16(36, 1, true)
    dv.setUint16(38, 3, true)
    dv.setUint16(40, 4096, true)
    dv.setUint16(42, 1, true) // deliberately wrong chunk count: never trusted
    dv.setUint32(124, crc32(f, 0, 120), true)
  }
  blocks.forEach((b, i) => f.set(b, 4096 + i * 0x10000))
  return f
}

function chunkWith(ids: number[]): Uint8Array {
  const a = new Asm()
  const tpl = securityLike(a)
  for (const id of ids) record(a, id, tpl, [enc.u16(4624 + (id % 2)), enc.str('P'), enc.str(`user${id}`), enc.hex64(id)])
  return finishChunk(a, ids.at(-1)!).slice()
}

t.test('reader: chunks found past zeroes and garbage, header count ignored, same output with workers', async (t) => {
  const {readEvtx, readEvtxChunks, isEvtxHeader, EvtxPool} = await import('../../src/parsers/evtx/index.js')
  // one pool for every threaded read here: workers are costly to start under the test's TypeScript loader
  const pool = new EvtxPool(2)
  t.teardown(() => pool.close())
  const {writeFileSync} = await import('node:fs')
  const dir = t.testdir()
  const garbage = new Uint8Array(0x10000).map((_, i) => (i * 7 + 3) & 0xff)
  const file = evtxFile([chunkWith([1, 2, 3]), new Uint8Array(0x10000), garbage, chunkWith([4, 5]), chunkWith([6])])
  const path = `${dir}/x.evtx`
  writeFileSync(path, file)
  t.equal(isEvtxHeader(file), true)
  t.equal(isEvtxHeader(garbage), false)
  const collect = async (threads: number, output: 'json' | 'xml' | 'win-event') => {
    const issues: unknown[] = []
    const it = readEvtx(path, {output, ...(threads > 1 ? {pool} : {threads}), onIssue: (i) => issues.push(i)})
    const out: Array<[number, number, string]> = []
    for await (const r of it) out.push([r.recordId, r.chunk, r.json ?? r.xml ?? JSON.stringify(r.event)])
    return {out, issues, stats: it.stats}
  }
  const one = await collect(1, 'json')
  t.same(one.out.map((r) => [r[0], r[1]]), [[1, 0], [2, 0], [3, 0], [4, 3], [5, 3], [6, 4]])
  t.same(one.issues, [{path, severity: 'warning', reason: 'no chunk at this 64 KiB block (not zeroes); skipped', chunk: 2, offset: 4096 + 2 * 0x10000}])
  const {header, ...counts} = one.stats
  t.same(counts, {chunks: 3, records: 6, filtered: 0, issues: 1})
  t.match(header, {chunkCount: 1, majorVersion: 3, minorVersion: 1, dirty: false, full: false, checksumValid: true})
  for (const output of ['json', 'xml', 'win-event'] as const) {
    const a = await collect(1, output)
    const b = await collect(2, output)
    t.same(b.out, a.out, `workers give the same ${output} in the same order`)
    t.same(b.issues, a.issues)
  }
  const limited = readEvtxChunks(path, {output: 'json', pool, maxChunksInFlight: 1, eventIds: [4625]})
  const ids: number[] = []
  for await (const c of limited) ids.push(...c.recordIds)
  t.same(ids, [1, 3, 5])
  t.same(limited.stats.filtered, 3)
  const texts: string[][] = [[], []]
  for (const [k, meta] of [[0, true], [1, false]] as const) {
    for await (const c of readEvtxChunks(path, {output: 'json', threads: 1, meta})) {
      texts[k]!.push(new TextDecoder().decode(c.text))
      if (!meta) t.same([c.written, c.eventIds, c.providers, c.channels, c.times], [[], [], [], [], []], 'meta: false leaves metadata out')
      else t.equal(c.eventIds.length, c.recordIds.length)
    }
  }
  t.same(texts[1], texts[0], 'meta: false renders the same text')
})

t.test('reader: not EVTX is an InputError; a missing header with chunks is a warning', async (t) => {
  const {readEvtx} = await import('../../src/parsers/evtx/index.js')
  const {InputError} = await import('../../src/model/errors.js')
  const {writeFileSync} = await import('node:fs')
  const dir = t.testdir()
  writeFileSync(`${dir}/text.evtx`, 'hello, not a log\n'.repeat(400))
  await t.rejects(async () => {
    for await (const r of readEvtx(`${dir}/text.evtx`, {output: 'json', threads: 1})) void r
  }, InputError)
  await t.rejects(async () => {
    for await (const r of readEvtx(`${dir}/missing.evtx`, {output: 'json', threads: 1})) void r
  }, InputError)
  writeFileSync(`${dir}/nohdr.evtx`, evtxFile([chunkWith([9])], {header: false}))
  const issues: Array<{reason: string}> = []
  const ids: number[] = []
  for await (const r of readEvtx(`${dir}/nohdr.evtx`, {output: 'win-event', threads: 1, onIssue: (i) => issues.push(i)})) ids.push(r.recordId)
  t.same(ids, [9])
  t.same(issues.map((i) => i.reason), ['file header magic missing; reading chunks anyway'])
  const truncated = evtxFile([chunkWith([1, 2, 3])]).subarray(0, 4096 + 700)
  writeFileSync(`${dir}/trunc.evtx`, truncated)
  const got: number[] = []
  const tIssues: Array<{reason: string}> = []
  for await (const r of readEvtx(`${dir}/trunc.evtx`, {output: 'json', threads: 1, onIssue: (i) => tIssues.push(i)})) got.push(r.recordId)
  t.ok(got.length < 3)
  t.ok(tIssues.length > 0)
})
