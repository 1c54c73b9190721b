import t, {type Test} from 'tap'
import {writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {crc32} from 'node:zlib'

import {
  V,
  buildEvtx,
  bitsClientEvent,
  damageEvtx,
  expectedText,
  filetimeToIso7,
  isoToFiletime,
  nameHash,
  securityEvent,
  syntheticEvents,
  sysmonEvent,
  system7045Event,
  writeEvtxFile,
  type EvtxDamage,
  type EvtxEventSpec,
  type EvtxValue,
  type WrittenRecord,
} from '../../src/parsers/evtx/writer.js'
import {readEvtx, type EvtxRecord, type ReadEvtxOptions} from '../../src/parsers/evtx/index.js'
import type {ParseIssue} from '../../src/model/issue.js'
import {evtxexport, hasEvtxexport, hasPythonEvtx, pythonEvtx, type PeerEvent} from './fixtures/peers.js'

const common = {computer: 'WKS01.corp.example', time: '2024-03-01T10:00:00.1234567Z'}

/** Every scalar type python-evtx and libevtx both read, plus a string array. */
const allTypes: Record<string, EvtxValue> = {
  s: V.string('hello <&> "q" ®'),
  a: V.ansi('ansi text'),
  i8: V.int8(-5),
  u8: V.uint8(250),
  i16: V.int16(-300),
  u16: V.uint16(65000),
  i32: V.int32(-70000),
  u32: V.uint32(4000000000),
  i64: V.int64(-5000000000n),
  u64: V.uint64(18446744073709551615n),
  f: V.float(1.5),
  d: V.double(2.25),
  b: V.bool(true),
  bf: V.bool(false),
  bin: V.binary('DEADBEEF00'),
  g: V.guid('{01234567-89ab-cdef-0123-456789abcdef}'),
  st: V.sizet(0x1234n),
  st4: V.sizet(0x10, 4),
  ft: V.filetime('2020-05-06T07:08:09.1234567Z'),
  sys: V.systemtime('2021-02-03T04:05:06.789Z'),
  sid: V.sid('S-1-5-21-3583694148-1414552638-2922671848-1001'),
  h32: V.hex32(0xabc),
  h64: V.hex64(0xdeadbeefn),
  empty: V.string(''),
  sa: V.array('string', ['x', 'yy']),
}

function sampleEvents(): EvtxEventSpec[] {
  return [
    sysmonEvent(1, {
      RuleName: '-', UtcTime: '2024-03-01 10:00:00.123', ProcessGuid: '{11111111-2222-3333-4444-555555555555}', ProcessId: 4242,
      Image: 'C:\\Windows\\System32\\cmd.exe', CommandLine: 'cmd.exe /c notepad.exe', User: 'CORP\\bob', LogonId: 0x3e7n,
      ParentImage: 'C:\\Windows\\System32\\svchost.exe', ParentCommandLine: 'C:\\Windows\\system32\\svchost.exe -k netsvcs',
    }, common),
    bitsClientEvent(3, {string: 'backdoor', string2: 'IEWIN7\\IEUser', string3: ''}, {...common, recordId: 3815}),
    bitsClientEvent(59, {
      transferId: '{2515F08C-3969-4086-B4EC-6E8ECA6B722E}', name: 'backdoor', Id: '{B35C4A1D-4425-45BE-92D1-B67183AE222F}',
      url: 'C:\\Windows\\system32\\cmd.exe', peer: '', fileTime: '2010-11-20T12:17:00.4009990Z', fileLength: 302592n,
      bytesTotal: 302592n, bytesTransferred: 0n, bytesTransferredFromPeer: 0n,
    }, {...common, activityId: '{2515F08C-3969-4086-B4EC-6E8ECA6B722E}'}),
    securityEvent(4688, {
      SubjectUserSid: 'S-1-5-18', SubjectUserName: 'WKS01$', SubjectDomainName: 'CORP', SubjectLogonId: 0x3e7n,
      NewProcessId: 0x1a2bn, NewProcessName: 'C:\\Windows\\System32\\bitsadmin.exe', TokenElevationType: '%%1936',
      ProcessId: 0x2a8n, CommandLine: 'bitsadmin /SetNotifyCmdLine job cmd.exe "/c calc"', MandatoryLabel: 'S-1-16-12288',
    }, common),
    system7045Event({ServiceName: 'evilsvc', ImagePath: 'cmd.exe /c echo x > \\\\.\\pipe\\p'}, common),
    {
      provider: 'Test-Provider', providerGuid: '{0F1E2D3C-4B5A-6978-8796-A5B4C3D2E1F0}', channel: 'Application', eventId: 1000,
      level: 2, task: 7, opcode: 1, version: 3, keywords: 0x80000000000000n, processId: 1234, threadId: 5678,
      userSid: 'S-1-5-21-1-2-3-500', relatedActivityId: '{AAAAAAAA-BBBB-CCCC-DDDD-EEEEEEEEEEEE}', ...common, data: allTypes,
    },
    {
      provider: 'Microsoft-Windows-Eventlog', providerGuid: '{FC65DDD8-D6EF-4962-83D5-6E5CFE9CE148}', channel: 'Security', eventId: 1102,
      level: 4, task: 104, keywords: 0x4020000000000000n, ...common,
      userData: {element: 'LogFileCleared', namespace: 'http://manifests.microsoft.com/win/2004/08/windows/eventlog',
        fields: {SubjectUserSid: V.sid('S-1-5-21-1-2-3-500'), SubjectUserName: 'admin', SubjectDomainName: 'CORP'}},
    },
  ]
}

/** python-evtx's own rendering of a value (its formats, not ours). */
function pythonText(v: EvtxValue): string {
  switch (v.type) {
    case 'bool':
      return v.value ? 'True' : 'False'
    case 'binary':
      return Buffer.from(v.value).toString('base64')
    case 'guid':
      return (expectedText(v) as string).toLowerCase()
    case 'hex32':
      return `0x${v.value.toString(16).padStart(8, '0')}`
    case 'hex64':
      return `0x${v.value.toString(16).padStart(16, '0')}`
    case 'sizet':
      return String(v.value)
    case 'systemtime': {
      const x = expectedText(v) as string
      return `${x.slice(0, 10)} ${x.slice(11, 19)}.000${x.slice(20, 23)}`
    }
    case 'array':
      return (v.values as string[]).map((s) => `<string>${s}</string>\n`).join('')
    case 'null':
      return ''
    default:
      return expectedText(v) as string
  }
}

/** Microseconds since the epoch of a python-evtx time (`YYYY-MM-DD HH:MM:SS.ffffff`) or our 7-digit ISO. */
function micros(s: string): number {
  const m = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2})(?:\.(\d+))?Z?$/.exec(s)
  if (!m) return NaN
  return Date.parse(`${m[1]}T${m[2]}Z`) * 1000 + Number(((m[3] ?? '') + '000000').slice(0, 6)) + Number(((m[3] ?? '') + '0000000')[6]) / 10
}

function checkSystem(t: Test, peer: PeerEvent, w: WrittenRecord, flavour: 'python' | 'libevtx'): void {
  const e = w.spec
  const s = peer.system
  t.equal(s['Provider@Name'], e.provider, 'Provider Name')
  if (e.providerGuid) t.equal(s['Provider@Guid']?.toUpperCase(), e.providerGuid.toUpperCase(), 'Provider Guid')
  if (e.eventSourceName) t.equal(s['Provider@EventSourceName'], e.eventSourceName, 'EventSourceName')
  t.equal(s.EventID, String(e.eventId), 'EventID')
  if (e.qualifiers !== undefined) t.equal(s['EventID@Qualifiers'], String(e.qualifiers), 'Qualifiers')
  else t.ok(!s['EventID@Qualifiers'], 'no Qualifiers')
  t.equal(s.Version, String(e.version ?? 0), 'Version')
  t.equal(s.Level, String(e.level ?? 4), 'Level')
  t.equal(s.Task, String(e.task ?? 0), 'Task')
  t.equal(s.Opcode, String(e.opcode ?? 0), 'Opcode')
  t.equal(s.Keywords, `0x${(e.keywords ?? 0x8000000000000000n).toString(16).padStart(16, '0')}`, 'Keywords')
  t.ok(Math.abs(micros(s['TimeCreated@SystemTime'] ?? '') - micros(w.time)) <= 2, `TimeCreated ${s['TimeCreated@SystemTime']} ~ ${w.time}`)
  t.equal(s.EventRecordID, String(w.recordId), 'EventRecordID')
  if (e.activityId) t.equal(s['Correlation@ActivityID']?.toUpperCase(), e.activityId.toUpperCase(), 'ActivityID')
  if (e.relatedActivityId) t.equal(s['Correlation@RelatedActivityID']?.toUpperCase(), e.relatedActivityId.toUpperCase(), 'RelatedActivityID')
  t.equal(s['Execution@ProcessID'], String(e.processId ?? 4), 'ProcessID')
  t.equal(s['Execution@ThreadID'], String(e.threadId ?? 8), 'ThreadID')
  t.equal(s.Channel, e.channel, 'Channel')
  t.equal(s.Computer, e.computer, 'Computer')
  if (e.userSid) t.equal(s['Security@UserID'], e.userSid, 'UserID')
  else t.ok(!s['Security@UserID'], `no UserID (${flavour})`)
}

t.test('file and chunk headers carry correct CRCs, ids and offsets', async (t) => {
  const built = buildEvtx(syntheticEvents(900, 3))
  const b = built.bytes
  const dv = new DataView(b.buffer, b.byteOffset)
  t.equal(Buffer.from(b.subarray(0, 8)).toString('latin1'), 'ElfFile\0')
  t.equal(dv.getUint32(124, true), crc32(b.subarray(0, 120)), 'file header CRC')
  const chunks = built.layout.chunks.length
  t.ok(chunks >= 10, `records overflow into ${chunks} chunks`)
  t.equal(b.length, 0x1000 + chunks * 0x10000, 'file size')
  t.equal(dv.getUint16(42, true), chunks, 'chunk count')
  t.equal(dv.getBigUint64(16, true), BigInt(chunks - 1), 'last chunk number')
  t.equal(dv.getBigUint64(24, true), 901n, 'next record id')
  let expectId = 1n
  for (const c of built.layout.chunks) {
    const base = c.offset
    const ch = b.subarray(base, base + 0x10000)
    const cdv = new DataView(ch.buffer, ch.byteOffset)
    t.equal(Buffer.from(ch.subarray(0, 8)).toString('latin1'), 'ElfChnk\0')
    const free = cdv.getUint32(48, true)
    t.equal(base + free, c.freeSpaceAt)
    t.equal(cdv.getUint32(52, true), crc32(ch.subarray(512, free)), `chunk ${c.index} records CRC`)
    t.equal(cdv.getUint32(124, true), crc32(ch.subarray(128, 512), crc32(ch.subarray(0, 120))), `chunk ${c.index} header CRC`)
    t.equal(cdv.getBigUint64(24, true), c.records[0]!.recordId, 'first record id')
    t.equal(cdv.getBigUint64(32, true), c.records.at(-1)!.recordId, 'last record id')
    t.equal(cdv.getUint32(44, true), c.records.at(-1)!.offset - base, 'last record offset')
    t.ok(c.records[0]!.definesTemplate, 'first record of a chunk defines the System template')
    // one System template per layout in a chunk: manifest providers share one, SCM 7045 (classic) has its own
    const layouts = new Set(c.records.map((r) => (built.records[r.index]!.spec.eventSourceName ? 'classic' : 'manifest')))
    t.equal(c.records.filter((r) => r.definesTemplate).length, layouts.size, 'each template defined once, then reused')
    const problems: string[] = []
    for (const r of c.records) {
      if (r.recordId !== expectId++) problems.push(`record id ${r.recordId}`)
      if (cdv.getUint32(r.offset - base, true) !== 0x2a2a) problems.push(`record ${r.recordId} magic`)
      if (cdv.getUint32(r.offset - base + 4, true) !== r.size) problems.push(`record ${r.recordId} size`)
      if (cdv.getUint32(r.offset - base + r.size - 4, true) !== r.size) problems.push(`record ${r.recordId} size copy`)
    }
    // every name in the string table is reachable through its bucket and carries its hash
    for (let i = 0; i < 64; i++) {
      for (let o = cdv.getUint32(128 + i * 4, true); o !== 0; o = cdv.getUint32(o, true)) {
        const len = cdv.getUint16(o + 6, true)
        const name = Buffer.from(ch.subarray(o + 8, o + 8 + len * 2)).toString('utf16le')
        if (nameHash(name) % 64 !== i || cdv.getUint16(o + 4, true) !== nameHash(name)) problems.push(`name ${name} in bucket ${i}`)
      }
    }
    t.same(problems, [], `chunk ${c.index}: records and string table`)
  }
})

t.test('times and names', async (t) => {
  t.equal(isoToFiletime('1601-01-01T00:00:00Z'), 0n)
  t.equal(isoToFiletime('2024-03-01T10:00:00.1234567Z'), 133537608001234567n)
  t.equal(filetimeToIso7(133537608001234567n), '2024-03-01T10:00:00.1234567Z')
  t.equal(nameHash('Event'), 0x0cba, 'hash Windows wrote for "Event"')
  t.equal(nameHash('xmlns'), 0x0fbc, 'hash Windows wrote for "xmlns"')
  t.throws(() => isoToFiletime('yesterday'), RangeError)
  t.throws(() => buildEvtx([{...sampleEvents()[0]!, data: {G: V.guid('nope')}}]), RangeError)
  t.throws(() => buildEvtx([{...sampleEvents()[0]!, data: {Big: 'x'.repeat(40000)}}]), /does not fit|65535/)
})

t.test('expected renderings', async (t) => {
  t.same(
    Object.fromEntries(Object.entries(allTypes).map(([k, v]) => [k, expectedText(v)])),
    {
      s: 'hello <&> "q" ®', a: 'ansi text', i8: '-5', u8: '250', i16: '-300', u16: '65000', i32: '-70000', u32: '4000000000',
      i64: '-5000000000', u64: '18446744073709551615', f: '1.5', d: '2.25', b: 'true', bf: 'false', bin: 'DEADBEEF00',
      g: '{01234567-89AB-CDEF-0123-456789ABCDEF}', st: '0x1234', st4: '0x10', ft: '2020-05-06T07:08:09.1234567Z',
      sys: '2021-02-03T04:05:06.7890000Z', sid: 'S-1-5-21-3583694148-1414552638-2922671848-1001', h32: '0xabc',
      h64: '0xdeadbeef', empty: '', sa: ['x', 'yy'],
    },
  )
})

t.test('python-evtx reads every record, System field and value written', {skip: false}, async (t) => {
  if (!hasPythonEvtx()) {
    t.pass('python-evtx absent, skipped')
    return
  }
  const dir = t.testdir()
  const events = [...sampleEvents(), ...sampleEvents().map((e) => ({...e, computer: 'OTHER-HOST'}))]
  const built = buildEvtx(events, {maxRecordsPerChunk: 4})
  t.equal(built.layout.chunks.length, 4, 'four chunks')
  const file = join(dir, 'all.evtx')
  writeFileSync(file, built.bytes)
  const py = pythonEvtx(file)
  t.equal(py.status, 0, py.stderr)
  t.equal(py.events.length, built.records.length, 'record count')
  built.records.forEach((w, i) => {
    const peer = py.events[i]!
    checkSystem(t, peer, w, 'python')
    t.same(peer.data.map(([n]) => n), w.fields.map(([n]) => n), `record ${w.recordId} field names`)
    w.fields.forEach(([n, v], j) => {
      const got = peer.data[j]?.[1] ?? ''
      if (v.type === 'filetime') {
        // python-evtx goes through a float: microseconds, off by up to 2
        t.ok(Math.abs(micros(got) - micros(expectedText(v) as string)) <= 2, `record ${w.recordId} ${n}: ${got}`)
      } else {
        t.equal(got, pythonText(v), `record ${w.recordId} ${n}`)
      }
    })
  })
  t.equal(py.events[1]!.system.EventRecordID, '3815', 'explicit record id')
  t.equal(py.events[2]!.system.EventRecordID, '3816', 'ids continue after an explicit one')
})

t.test('libevtx reads every record whole, with the System fields written', async (t) => {
  if (!hasEvtxexport()) {
    t.pass('evtxexport absent, skipped')
    return
  }
  const dir = t.testdir()
  const built = buildEvtx([...sampleEvents(), ...syntheticEvents(2000, 11)])
  t.ok(built.layout.chunks.length > 5)
  const file = join(dir, 'lib.evtx')
  writeFileSync(file, built.bytes)
  const lib = evtxexport(file)
  t.equal(lib.status, 0, lib.stderr)
  t.equal(lib.events.length, built.records.length, 'record count')
  t.same(lib.events.map((e) => e.system.EventRecordID), built.records.map((w) => String(w.recordId)), 'record ids in order')
  built.records.forEach((w, i) => {
    if (w.recordId % 97n === 0n || i < 7) checkSystem(t, lib.events[i]!, w, 'libevtx')
  })
  const typed = lib.events[5]!.data
  const got = Object.fromEntries(typed.filter(([n]) => n !== 'sa'))
  // libevtx renders signed integers and floats its own (broken/printf) way: compare the rest
  for (const k of ['s', 'a', 'u8', 'u16', 'u32', 'u64', 'b', 'bf', 'bin', 'g', 'sid', 'empty']) {
    t.equal(got[k] ?? '', expectedText(allTypes[k]!), `libevtx ${k}`)
  }
  t.equal(got.h32, '0x00000abc')
  t.equal(got.sys, '2021-02-03T04:05:06.789Z')
  t.same(typed.filter(([n]) => n === 'sa').map(([, v]) => v), ['x', 'yy'], 'string array expands to repeated Data')
})

t.test('writeEvtxFile streams the same bytes as buildEvtx', async (t) => {
  const dir = t.testdir()
  const file = join(dir, 'stream.evtx')
  const res = writeEvtxFile(file, syntheticEvents(500, 5))
  const built = buildEvtx(syntheticEvents(500, 5))
  t.same(res, {chunks: built.layout.chunks.length, records: 500})
  const {readFileSync} = await import('node:fs')
  t.ok(Buffer.from(readFileSync(file)).equals(Buffer.from(built.bytes)), 'identical bytes')
})

t.test('damaged variants change exactly what they say', async (t) => {
  const built = buildEvtx(syntheticEvents(40, 9), {maxRecordsPerChunk: 10})
  const base1 = built.layout.chunks[1]!.offset
  const dvOf = (b: Uint8Array) => new DataView(b.buffer, b.byteOffset)
  const headerCrcOk = (b: Uint8Array, base: number) =>
    dvOf(b).getUint32(base + 124, true) === crc32(b.subarray(base + 128, base + 512), crc32(b.subarray(base, base + 120)))
  const recordsCrcOk = (b: Uint8Array, base: number) =>
    dvOf(b).getUint32(base + 52, true) === crc32(b.subarray(base + 512, base + dvOf(b).getUint32(base + 48, true)))

  const magic = damageEvtx(built, {kind: 'bad-chunk-magic', chunk: 1})
  t.not(Buffer.from(magic.subarray(base1, base1 + 8)).toString('latin1'), 'ElfChnk\0')
  t.ok(headerCrcOk(magic, base1), 'magic damage keeps the header CRC consistent')

  const hcrc = damageEvtx(built, {kind: 'bad-chunk-header-crc', chunk: 1})
  t.notOk(headerCrcOk(hcrc, base1))
  t.ok(recordsCrcOk(hcrc, base1))
  const rcrc = damageEvtx(built, {kind: 'bad-records-crc', chunk: 1})
  t.notOk(recordsCrcOk(rcrc, base1))
  t.ok(headerCrcOk(rcrc, base1))
  const fcrc = damageEvtx(built, {kind: 'bad-file-header-crc'})
  t.not(dvOf(fcrc).getUint32(124, true), crc32(fcrc.subarray(0, 120)))

  t.equal(damageEvtx(built, {kind: 'truncate', at: base1 + 1000}).length, base1 + 1000)
  const zero = damageEvtx(built, {kind: 'zero-chunk', chunk: 1})
  t.ok(zero.subarray(base1, base1 + 0x10000).every((x) => x === 0))
  t.ok(headerCrcOk(zero, built.layout.chunks[2]!.offset), 'next chunk intact')

  const rec = built.layout.chunks[1]!.records[3]!
  const sized = damageEvtx(built, {kind: 'record-size', record: rec.index, size: 0})
  t.equal(dvOf(sized).getUint32(rec.offset + 4, true), 0)
  t.ok(recordsCrcOk(sized, base1) && headerCrcOk(sized, base1), 'CRCs recomputed: the size is the only defect')
  const over = damageEvtx(built, {kind: 'record-size', record: rec.index, size: 'oversized'})
  t.ok(rec.offset - base1 + dvOf(over).getUint32(rec.offset + 4, true) > 0x10000, 'oversized runs past the chunk')

  const tref = damageEvtx(built, {kind: 'broken-template-ref', record: rec.index})
  t.equal(dvOf(tref).getUint32(rec.templateRefAt, true), 0x1f0)
  t.throws(() => damageEvtx(built, {kind: 'broken-template-ref', record: built.layout.chunks[1]!.records[0]!.index}), /defines its template/)

  const sub = damageEvtx(built, {kind: 'substitution-past-end', record: rec.index})
  const desc = rec.substitutionsAt + 4 + (rec.substitutionCount - 1) * 4
  t.equal(dvOf(sub).getUint16(desc, true), 0xfff0)
  t.equal(sub[desc + 2], 0x21, 'still the BinXml descriptor')
})

// ---------------------------------------------------------------------------------------------------------------
// Round trips through our decoder

async function decode(file: string, output: ReadEvtxOptions['output'], extra: Partial<ReadEvtxOptions> = {}) {
  const records: EvtxRecord[] = []
  const issues: ParseIssue[] = []
  for await (const r of readEvtx(file, {output, threads: 1, onIssue: (i) => issues.push(i), ...extra})) records.push(r)
  return {records, issues}
}

const INTEGER_TYPES = new Set(['int8', 'uint8', 'int16', 'uint16', 'int32', 'uint32', 'int64', 'uint64'])

/** The JSON member a field should render as (evtx_dump shape, conventions in docs/evtx.md). */
function jsonMember(name: string, v: EvtxValue): string {
  const text = expectedText(v)
  if (Array.isArray(text)) throw new Error('arrays are checked through XML')
  if (INTEGER_TYPES.has(v.type) || v.type === 'bool') return `${JSON.stringify(name)}:${text}`
  return `${JSON.stringify(name)}:${JSON.stringify(text)}`
}

function expectedSystem(w: WrittenRecord): Record<string, unknown> {
  const e = w.spec
  const classic = e.eventSourceName !== undefined
  const providerAttrs: Record<string, string> = {Name: e.provider}
  if (e.providerGuid) providerAttrs.Guid = classic ? (expectedText(V.guid(e.providerGuid)) as string).toLowerCase() : (expectedText(V.guid(e.providerGuid)) as string)
  if (classic) providerAttrs.EventSourceName = e.eventSourceName!
  const correlation: Record<string, string> = {}
  if (e.activityId) correlation.ActivityID = expectedText(V.guid(e.activityId)) as string
  if (e.relatedActivityId) correlation.RelatedActivityID = expectedText(V.guid(e.relatedActivityId)) as string
  return {
    Provider: {'#attributes': providerAttrs},
    EventID: e.qualifiers === undefined ? e.eventId : {'#attributes': {Qualifiers: e.qualifiers}, '#text': e.eventId},
    Version: e.version ?? 0,
    Level: e.level ?? 4,
    Task: e.task ?? 0,
    Opcode: e.opcode ?? 0,
    Keywords: `0x${(e.keywords ?? 0x8000000000000000n).toString(16)}`,
    TimeCreated: {'#attributes': {SystemTime: w.time}},
    EventRecordID: Number(w.recordId),
    Correlation: Object.keys(correlation).length ? {'#attributes': correlation} : null,
    Execution: {'#attributes': {ProcessID: e.processId ?? 4, ThreadID: e.threadId ?? 8}},
    Channel: e.channel,
    Computer: e.computer,
    Security: e.userSid ? {'#attributes': {UserID: e.userSid}} : null,
  }
}

function xmlEscape(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
}

/** Compares one decoded record with what was written; one assertion per record, listing every difference. */
function checkDecoded(t: Test, r: EvtxRecord | undefined, w: WrittenRecord, output: 'json' | 'xml' | 'win-event'): void {
  const id = `record ${w.recordId} (${output})`
  if (!r) {
    t.fail(`${id} missing`)
    return
  }
  const written = w.spec.written ?? w.spec.time
  const got: Record<string, unknown> = {recordId: r.recordId, eventId: r.eventId, provider: r.provider, channel: r.channel, time: r.time, written: r.written}
  const want: Record<string, unknown> = {
    recordId: Number(w.recordId), eventId: w.spec.eventId, provider: w.spec.provider, channel: w.spec.channel, time: w.time,
    written: filetimeToIso7(typeof written === 'bigint' ? written : isoToFiletime(written)),
  }
  if (output === 'json') {
    const doc = JSON.parse(r.json ?? '{}') as {Event: Record<string, unknown>}
    got.System = doc.Event.System
    want.System = expectedSystem(w)
    got.missing = w.fields.filter(([name, v]) => v.type !== 'array' && name !== '' && !r.json!.includes(jsonMember(name, v))).map(([n, v]) => jsonMember(n, v))
    want.missing = []
  } else if (output === 'xml') {
    const xml = r.xml ?? ''
    const missing: string[] = []
    for (const [name, v] of w.fields) {
      const open = w.spec.userData ? `<${name}` : name === '' ? '<Data' : `<Data Name="${xmlEscape(name)}"`
      const close = w.spec.userData ? `</${name}>` : '</Data>'
      for (const text of ([] as string[]).concat(expectedText(v))) {
        const found = text === '' ? xml.includes(`${open}/>`) || xml.includes(`${open}>${close}`) : xml.includes(`${open}>${xmlEscape(text)}${close}`)
        if (!found) missing.push(`${open}>${xmlEscape(text)}${close}`)
      }
    }
    got.missing = missing
    want.missing = []
  } else {
    const e = r.event
    got.event = e && {provider: e.provider, eventId: e.eventId, time: e.time, recordId: e.recordId, computer: e.computer, userSid: e.userSid,
      processId: e.processId, threadId: e.threadId, channel: e.channel, data: e.data}
    const data: Record<string, string> = {}
    let unnamed = 0
    for (const [name, v] of w.fields) {
      if (v.type === 'array') {
        // repeated Data elements; later duplicates are suffixed _1, _2 (evtx_dump convention)
        ;(expectedText(v) as string[]).forEach((x, i) => (data[i === 0 ? name : `${name}_${i}`] = x))
        continue
      }
      const key = name === '' ? (unnamed++ === 0 ? 'Data' : `Data${unnamed - 1}`) : name
      data[key] = expectedText(v) as string
    }
    want.event = {provider: w.spec.provider, eventId: w.spec.eventId, time: w.time, recordId: Number(w.recordId), computer: w.spec.computer,
      userSid: w.spec.userSid, processId: w.spec.processId ?? 4, threadId: w.spec.threadId ?? 8, channel: w.spec.channel, data}
  }
  t.same(got, want, id)
}

/** Arrays of each fixed-size type, unnamed Data, a Null, and values at the edges of their ranges. */
const edgeRecord: EvtxEventSpec = {
  provider: 'Edge-Provider', providerGuid: '{00000000-0000-0000-0000-000000000001}', channel: 'Edge/Operational', eventId: 65535,
  version: 255, level: 255, task: 65535, opcode: 255, keywords: 0xffffffffffffffffn, processId: 4294967295, threadId: 0,
  computer: 'ÄÖÜ-多字节-host', time: '1601-01-01T00:00:00.0000001Z', written: '9999-12-31T23:59:59.9999999Z',
  data: [
    ['u8a', V.array('uint8', [0, 255])],
    ['i16a', V.array('int16', [-32768, 32767])],
    ['u32a', V.array('uint32', [0, 4294967295])],
    ['i64a', V.array('int64', [-9223372036854775808n, 9223372036854775807n])],
    ['h32a', V.array('hex32', [0, 0xffffffff])],
    ['h64a', V.array('hex64', [1n, 0xffffffffffffffffn])],
    ['ga', V.array('guid', ['{01234567-89ab-cdef-0123-456789abcdef}', '{FEDCBA98-7654-3210-FEDC-BA9876543210}'])],
    ['fta', V.array('filetime', ['2020-05-06T07:08:09.1234567Z', '1999-12-31T23:59:59.9999999Z'])],
    ['ba', V.array('bool', [true, false])],
    ['sa', V.array('string', ['first', '', 'third <x>'])],
    ['', 'unnamed one'],
    ['', 'unnamed two'],
    ['nul', V.null()],
    ['i8min', V.int8(-128)],
    ['i64min', V.int64(-9223372036854775808n)],
    ['ctl', 'tab\there\r\nnew line & "quotes"'],
    ['emoji', 'smile 😀 surrogate'],
    ['bin0', V.binary(new Uint8Array(0))],
    ['sid0', V.sid('S-1-0')],
    ['sidmax', V.sid('S-1-281474976710655-4294967295')],
  ],
}

t.test('decoder: every value type and System field round trips (json, xml, win-event)', async (t) => {
  const dir = t.testdir()
  const events = [...sampleEvents(), edgeRecord, ...syntheticEvents(400, 21)]
  const built = buildEvtx(events, {maxRecordsPerChunk: 50})
  t.ok(built.layout.chunks.length >= 9, `${built.layout.chunks.length} chunks`)
  const file = join(dir, 'rt.evtx')
  writeFileSync(file, built.bytes)
  for (const output of ['json', 'xml', 'win-event'] as const) {
    const {records, issues} = await decode(file, output)
    t.same(issues, [], `${output}: no issues`)
    t.equal(records.length, built.records.length, `${output}: record count`)
    built.records.forEach((w, i) => {
      // the edge record's arrays, unnamed Data and control characters are checked in xml (json has no agreed shape for them)
      if (output === 'json' && w.spec === edgeRecord) {
        const doc = JSON.parse(records[i]?.json ?? '{}') as {Event: Record<string, unknown>}
        t.same(doc.Event.System, expectedSystem(w), 'edge System')
        return
      }
      checkDecoded(t, records[i], w, output)
    })
  }
})

t.test('decoder: natural chunk overflow, templates reused across records', async (t) => {
  const dir = t.testdir()
  const built = buildEvtx(syntheticEvents(800, 33))
  const file = join(dir, 'overflow.evtx')
  writeFileSync(file, built.bytes)
  const {records, issues} = await decode(file, 'json', {threads: 2})
  t.same(issues, [])
  t.equal(records.length, 800)
  t.same(records.map((r) => r.chunk), built.layout.chunks.flatMap((c) => c.records.map(() => c.index)), 'chunk of each record')
  t.same(records.map((r) => r.offset), built.layout.chunks.flatMap((c) => c.records.map((x) => x.offset)), 'offset of each record')
  built.records.forEach((w, i) => {
    if (i % 37 === 0) checkDecoded(t, records[i], w, 'json')
  })
})

t.test('decoder: damaged variants give exactly the expected records and issues', async (t) => {
  const dir = t.testdir()
  const built = buildEvtx(syntheticEvents(30, 4), {maxRecordsPerChunk: 10})
  const c1 = built.layout.chunks[1]!
  const victim = c1.records[3]!
  const range = (a: number, b: number) => Array.from({length: b - a + 1}, (_, i) => a + i)
  const cases: Array<{name: string; damage: EvtxDamage[]; ids: number[]; issues: Array<Partial<ParseIssue>>}> = [
    {name: 'bad chunk magic', damage: [{kind: 'bad-chunk-magic', chunk: 1}], ids: [...range(1, 10), ...range(21, 30)],
      issues: [{chunk: 1, offset: c1.offset}]},
    {name: 'bad chunk header CRC', damage: [{kind: 'bad-chunk-header-crc', chunk: 1}], ids: range(1, 30),
      issues: [{severity: 'warning', chunk: 1}]},
    {name: 'bad records CRC', damage: [{kind: 'bad-records-crc', chunk: 1}], ids: range(1, 30), issues: [{severity: 'warning', chunk: 1}]},
    {name: 'bad file header CRC', damage: [{kind: 'bad-file-header-crc'}], ids: range(1, 30), issues: [{severity: 'warning', offset: 124}]},
    {name: 'zeroed chunk before a good one', damage: [{kind: 'zero-chunk', chunk: 0}], ids: range(11, 30), issues: []},
    {name: 'record of size 0', damage: [{kind: 'record-size', record: victim.index, size: 0}], ids: [...range(1, 13), ...range(21, 30)],
      issues: [{severity: 'error', chunk: 1, offset: victim.offset, record: 14}]},
    {name: 'oversized record', damage: [{kind: 'record-size', record: victim.index, size: 'oversized'}], ids: [...range(1, 13), ...range(21, 30)],
      issues: [{severity: 'error', chunk: 1, offset: victim.offset, record: 14}]},
    {name: 'broken template reference', damage: [{kind: 'broken-template-ref', record: victim.index}], ids: [...range(1, 13), ...range(15, 30)],
      issues: [{severity: 'error', chunk: 1, offset: victim.offset, record: 14}]},
    {name: 'substitution past the end', damage: [{kind: 'substitution-past-end', record: victim.index}], ids: [...range(1, 13), ...range(15, 30)],
      issues: [{severity: 'error', chunk: 1, offset: victim.offset, record: 14}]},
    {name: 'truncated inside the last chunk', damage: [{kind: 'truncate', at: built.layout.chunks[2]!.records[4]!.offset + 10}], ids: range(1, 24),
      issues: [{chunk: 2, offset: built.layout.chunks[2]!.records[4]!.offset}]},
  ]
  for (const c of cases) {
    const file = join(dir, `${c.name.replace(/\W+/g, '-')}.evtx`)
    writeFileSync(file, damageEvtx(built, ...c.damage))
    for (const output of ['json', 'win-event'] as const) {
      const {records, issues} = await decode(file, output)
      t.same(records.map((r) => r.recordId), c.ids, `${c.name} (${output}): records`)
      t.equal(issues.length, c.issues.length, `${c.name} (${output}): issue count ${JSON.stringify(issues)}`)
      c.issues.forEach((want, i) => t.match(issues[i], {path: file, ...want}, `${c.name} (${output}): issue ${i}`))
      for (const r of records) {
        const w = built.records[r.recordId - 1]!
        if (output === 'json') t.same((JSON.parse(r.json!) as {Event: {System: unknown}}).Event.System, expectedSystem(w), `${c.name}: record ${r.recordId} intact`)
      }
    }
  }
})

t.test('decoder: literal content tokens (CDATA, character and entity references, processing instructions)', async (t) => {
  const dir = t.testdir()
  const lit = V.literal({text: 'x'}, {cdata: 'in <cdata> & such'}, {charRef: 65}, {entityRef: 'amp'}, {text: 'y'})
  const pi = V.literal({piTarget: 'target', piData: 'some data'})
  const spec: EvtxEventSpec = {provider: 'P', channel: 'C', eventId: 1, computer: 'H', time: '2024-01-01T00:00:00Z', data: {a: 'sub', lit, pi, b: V.uint32(5)}}
  const built = buildEvtx([spec, {...spec, eventId: 2}])
  t.same(built.records[0]!.fields.map(([n, v]) => [n, expectedText(v)]), [['a', 'sub'], ['lit', 'xin <cdata> & suchA&y'], ['pi', ''], ['b', '5']])
  const file = join(dir, 'lit.evtx')
  writeFileSync(file, built.bytes)
  const xml = await decode(file, 'xml')
  t.same(xml.issues, [])
  t.same(
    xml.records.map((r) => /<EventData>.*<\/EventData>/.exec(r.xml ?? '')?.[0]),
    Array(2).fill(
      '<EventData><Data Name="a">sub</Data><Data Name="lit">x<![CDATA[in <cdata> & such]]>&#65;&amp;y</Data>' +
        '<Data Name="pi"><?target some data?></Data><Data Name="b">5</Data></EventData>',
    ),
    'second record reuses the template with its literal tokens',
  )
  const json = await decode(file, 'json')
  t.same(json.records.map((r) => (JSON.parse(r.json!) as {Event: {EventData: unknown}}).Event.EventData), Array(2).fill({a: 'sub', lit: 'xin <cdata> & suchA&y', pi: '', b: 5}))
  const model = await decode(file, 'win-event')
  t.same(model.records.map((r) => r.event?.data), Array(2).fill({a: 'sub', lit: 'xin <cdata> & suchA&y', pi: '', b: '5'}))
})

t.test('decoder: chunks the header does not count are still read; a dirty header is not damage', async (t) => {
  const dir = t.testdir()
  const events = [...syntheticEvents(30, 8)]
  const under = buildEvtx(events, {maxRecordsPerChunk: 10, headerChunkCount: 1, fileFlags: 0x1})
  t.equal(new DataView(under.bytes.buffer).getUint16(42, true), 1, 'header says one chunk')
  const file = join(dir, 'under.evtx')
  writeFileSync(file, under.bytes)
  const {records, issues} = await decode(file, 'json')
  t.same(records.map((r) => r.recordId), Array.from({length: 30}, (_, i) => i + 1))
  t.same(issues, [])
})
