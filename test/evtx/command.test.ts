import t from 'tap'
import {readFileSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {fileURLToPath} from 'node:url'

import {SaxesParser} from 'saxes'

import Evtx from '../../src/commands/evtx.js'
import {csvCell, normaliseTimeBound, parseEventIdList} from '../../src/report/evtx-output.js'
import {
  V,
  bitsClientEvent,
  buildEvtx,
  damageEvtx,
  securityEvent,
  sysmonEvent,
  system7045Event,
  type EvtxEventSpec,
} from '../../src/parsers/evtx/writer.js'

const root = fileURLToPath(new URL('../..', import.meta.url))

const events: EvtxEventSpec[] = [
  sysmonEvent(1, {
    RuleName: '-', UtcTime: '2024-03-01 10:00:00.123', ProcessGuid: '{11111111-2222-3333-4444-555555555555}', ProcessId: 4242,
    Image: 'C:\\Windows\\System32\\cmd.exe', CommandLine: 'cmd.exe /c notepad.exe', User: 'CORP\\bob',
    ParentImage: 'C:\\Windows\\System32\\svchost.exe', ParentCommandLine: 'svchost.exe -k netsvcs',
  }, {computer: 'WKS01', time: '2024-03-01T10:00:00.1234567Z'}),
  bitsClientEvent(59, {
    transferId: '{2515F08C-3969-4086-B4EC-6E8ECA6B722E}', name: 'backdoor', Id: '{B35C4A1D-4425-45BE-92D1-B67183AE222F}',
    url: 'https://evil.example/a.exe', peer: '', fileTime: '2010-11-20T12:17:00.4009990Z', fileLength: 302592n,
    bytesTotal: 302592n, bytesTransferred: 0n, bytesTransferredFromPeer: 0n,
  }, {computer: 'WKS01', time: '2024-03-01T11:00:00.0000000Z'}),
  bitsClientEvent(60, {transferId: '{2515F08C-3969-4086-B4EC-6E8ECA6B722E}', name: 'backdoor', hr: 0}, {computer: 'WKS01', time: '2024-03-02T00:00:00.0000000Z'}),
  securityEvent(4688, {SubjectUserSid: 'S-1-5-18', SubjectLogonId: 0x3e7n, NewProcessId: 0x1a2bn, NewProcessName: 'C:\\x.exe', CommandLine: '=cmd|calc'},
    {computer: '=HYPERLINK("http://x")', time: '2024-03-03T00:00:00.0000000Z'}),
  system7045Event({ServiceName: 'evilsvc', ImagePath: 'cmd.exe /c calc'}, {computer: 'WKS01', time: '2024-03-04T00:00:00.0000000Z'}),
  {provider: 'Test', channel: 'Application', eventId: 4690, computer: 'WKS01', time: '2024-03-05T00:00:00.0000000Z', data: {n: V.uint32(7)}},
]

interface Run {
  code: number
  stdout: string
  stderr: string
}

/** Runs the command class in-process with --output, capturing stderr and the exit code. */
async function run(args: string[], dir: string): Promise<Run> {
  const outFile = join(dir, `out-${Math.random().toString(36).slice(2)}.txt`)
  let stderr = ''
  const write = process.stderr.write.bind(process.stderr)
  process.stderr.write = ((chunk: string | Uint8Array) => {
    stderr += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString()
    return true
  }) as typeof process.stderr.write
  let code = 0
  try {
    await Evtx.run([...args, '--output', outFile, '--threads', '1'], root)
  } catch (err) {
    const e = err as {oclif?: {exit?: number}}
    if (e.oclif?.exit === undefined) throw err
    code = e.oclif.exit
  } finally {
    process.stderr.write = write
    process.exitCode = undefined
  }
  let stdout = ''
  try {
    stdout = readFileSync(outFile, 'utf8')
  } catch {
    stdout = ''
  }
  return {code, stdout, stderr}
}

t.test('filters and helpers', async (t) => {
  t.same(parseEventIdList(['4624,4688-4690', '1']), [1, 4624, 4688, 4689, 4690])
  t.throws(() => parseEventIdList(['46x']), /not an event id/)
  t.throws(() => parseEventIdList(['5-1']), /reversed/)
  t.equal(normaliseTimeBound('2024-03-01', 'since'), '2024-03-01T00:00:00.0000000Z')
  t.equal(normaliseTimeBound('2024-03-01', 'until'), '2024-03-01T23:59:59.9999999Z')
  t.equal(normaliseTimeBound('2024-03-01T10:00:00Z', 'since'), '2024-03-01T10:00:00.0000000Z')
  t.equal(normaliseTimeBound('2024-03-01T10:00:00Z', 'until'), '2024-03-01T10:00:00.9999999Z')
  t.equal(normaliseTimeBound('2024-03-01T10:00:00.12Z', 'since'), '2024-03-01T10:00:00.1200000Z')
  t.equal(normaliseTimeBound('2024-03-01T12:00:00+02:00', 'since'), '2024-03-01T10:00:00.0000000Z')
  t.equal(normaliseTimeBound('2024-03-01T12:00:00', 'since'), '2024-03-01T12:00:00.0000000Z')
  t.throws(() => normaliseTimeBound('2024-02-30T25:00:00Z', 'since'), /not a valid time/)
  t.throws(() => normaliseTimeBound('last tuesday', 'since'), /not an ISO-8601/)
  t.equal(csvCell('=1+2'), "'=1+2")
  t.equal(csvCell('+x'), "'+x")
  t.equal(csvCell('-x'), "'-x")
  t.equal(csvCell('@x'), "'@x")
  t.equal(csvCell('\tx'), "'\tx")
  t.equal(csvCell('\rx'), `"'\rx"`)
  t.equal(csvCell('a,"b"'), '"a,""b"""')
  t.equal(csvCell('plain'), 'plain')
})

t.test('bitstrail evtx', async (t) => {
  const dir = t.testdir()
  const file = join(dir, 'a.evtx')
  const built = buildEvtx(events, {maxRecordsPerChunk: 4})
  writeFileSync(file, built.bytes)

  t.test('jsonl: one record per line, in order, with the values written', async (t) => {
    const r = await run([file], dir)
    t.equal(r.code, 0)
    t.equal(r.stderr, '')
    const lines = r.stdout.trimEnd().split('\n').map((l) => JSON.parse(l) as {Event: Record<string, Record<string, unknown>>})
    t.same(lines.map((l) => l.Event.System!.EventRecordID), [1, 2, 3, 4, 5, 6])
    const bits = lines[1]!.Event
    t.same(bits.System!.Provider, {'#attributes': {Name: 'Microsoft-Windows-Bits-Client', Guid: '{EF1CC15B-46C1-414E-BB95-E76B077BD51E}'}})
    t.same(bits.System!.TimeCreated, {'#attributes': {SystemTime: '2024-03-01T11:00:00.0000000Z'}})
    t.same(bits.EventData, {
      transferId: '{2515F08C-3969-4086-B4EC-6E8ECA6B722E}', name: 'backdoor', Id: '{B35C4A1D-4425-45BE-92D1-B67183AE222F}',
      url: 'https://evil.example/a.exe', peer: '', fileTime: '2010-11-20T12:17:00.4009990Z', fileLength: 302592,
      bytesTotal: 302592, bytesTransferred: 0, bytesTransferredFromPeer: 0,
    })
    t.same(lines[4]!.Event.System!.EventID, {'#attributes': {Qualifiers: 16384}, '#text': 7045})
    t.equal((lines[0]!.Event.EventData as Record<string, unknown>).CommandLine, 'cmd.exe /c notepad.exe')
  })

  t.test('json: one array', async (t) => {
    const r = await run([file, file, '--format', 'json'], dir)
    t.equal(r.code, 0)
    const arr = JSON.parse(r.stdout) as unknown[]
    t.equal(arr.length, 12, 'two files, six records each')
    t.match(r.stdout, /^\[\n\{"Event"/)
    t.match(r.stdout, /\}\n\]\n$/)
  })

  t.test('json: no record gives an empty array', async (t) => {
    const r = await run([file, '--format', 'json', '--event-id', '9999'], dir)
    t.equal(r.stdout, '[\n]\n')
  })

  t.test('xml: one Events document', async (t) => {
    const r = await run([file, '--format', 'xml', '--event-id', '7045'], dir)
    t.equal(r.code, 0)
    t.match(r.stdout, /^<\?xml version="1.0" encoding="utf-8"\?>\n<Events>\n<Event xmlns=/)
    t.match(r.stdout, /<\/Event>\n<\/Events>\n$/)
    t.equal(r.stdout.match(/<Event /g)?.length, 1)
    t.match(r.stdout, /<Provider Name="Service Control Manager" Guid="\{555908d1-a6d7-4695-8e1e-26931d2012f4\}" EventSourceName="Service Control Manager"\/>/)
    t.match(r.stdout, /<Data Name="ImagePath">cmd.exe \/c calc<\/Data>/)
    const all = await run([file, '--format', 'xml'], dir)
    const parser = new SaxesParser()
    let events = 0
    const errors: string[] = []
    parser.on('opentag', (tag) => void (tag.name === 'Event' && events++))
    parser.on('error', (err) => void errors.push(err.message))
    parser.write(all.stdout).close()
    t.same(errors, [], 'the whole document is well-formed XML')
    t.equal(events, 6)
  })

  t.test('csv: header, neutralised cells', async (t) => {
    const r = await run([file, '--format', 'csv', '--event-id', '4688'], dir)
    t.equal(r.code, 0)
    const rows = r.stdout.split('\r\n')
    t.equal(rows[0], 'File,RecordID,TimeCreated,EventID,Provider,Channel,Computer,UserSID,ProcessID,ThreadID,EventData')
    t.equal(rows.length, 3)
    t.equal(rows[2], '')
    t.ok(rows[1]!.startsWith(`${file},4,2024-03-03T00:00:00.0000000Z,4688,Microsoft-Windows-Security-Auditing,Security,"'=HYPERLINK(""http://x"")",,632,700,`), rows[1] ?? "")
    t.match(rows[1]!, /""CommandLine"":""=cmd\|calc""/)
  })

  t.test('filters', async (t) => {
    const ids = async (args: string[]) =>
      (await run([file, ...args], dir)).stdout.trimEnd().split('\n').filter(Boolean).map((l) => (JSON.parse(l) as {Event: {System: {EventRecordID: number}}}).Event.System.EventRecordID)
    t.same(await ids(['--event-id', '59-60,4688']), [2, 3, 4])
    t.same(await ids(['--event-id', '4688-4690']), [4, 6])
    t.same(await ids(['--provider', 'microsoft-windows-bits-client']), [2, 3])
    t.same(await ids(['--channel', 'System', '--channel', 'Application']), [5, 6])
    t.same(await ids(['--since', '2024-03-02', '--until', '2024-03-04']), [3, 4, 5])
    t.same(await ids(['--since', '2024-03-01T11:00:00Z', '--until', '2024-03-01T11:00:00Z']), [2])
  })

  t.test('damaged records: reported on stderr with a count, exit 0', async (t) => {
    const bad = join(dir, 'bad.evtx')
    writeFileSync(bad, damageEvtx(built, {kind: 'record-size', record: 1, size: 0}))
    const r = await run([bad], dir)
    t.equal(r.code, 0)
    const ids = r.stdout.trimEnd().split('\n').map((l) => (JSON.parse(l) as {Event: {System: {EventRecordID: number}}}).Event.System.EventRecordID)
    t.same(ids, [1, 5, 6], 'records of the damaged chunk after the bad size cannot be found; other chunks are read')
    const lines = r.stderr.trimEnd().split('\n')
    const at = built.layout.chunks[0]!.records[1]!.offset
    t.equal(lines[0], `bitstrail: error: ${bad}: chunk 0, offset ${at} (0x${at.toString(16)}), record 2: record size 0 too small; rest of chunk skipped`)
    t.equal(lines.at(-1), 'bitstrail: 1 damaged chunk/record skipped, 0 warnings, in 1 file; 3 records written')
    t.equal(lines.length, 2, 'one issue line and the count')
  })

  t.test('not EVTX, or missing: one clear line, exit 2', async (t) => {
    const txt = join(dir, 'notes.txt')
    writeFileSync(txt, 'hello\n'.repeat(2000))
    const r = await run([txt], dir)
    t.equal(r.code, 2)
    t.equal(r.stderr, `bitstrail: ${txt}: not an EVTX file (no ElfFile header, no chunk at 4096)\n`)
    const m = await run([join(dir, 'missing.evtx')], dir)
    t.equal(m.code, 2)
    t.match(m.stderr, /^bitstrail: .*missing\.evtx: cannot open: .*ENOENT.*\n$/)
    const both = await run([txt, file], dir)
    t.equal(both.code, 2, 'a bad file fails the run')
    t.equal(both.stdout.trimEnd().split('\n').length, 6, 'the good file is still written')
  })

  t.test('an output file that cannot be written: one line, exit 2', async (t) => {
    let stderr = ''
    const write = process.stderr.write.bind(process.stderr)
    process.stderr.write = ((c: string) => ((stderr += c), true)) as typeof process.stderr.write
    let code = 0
    try {
      await Evtx.run([file, '--output', join(dir, 'no/such/dir/out.jsonl')], root)
    } catch (err) {
      code = (err as {oclif?: {exit?: number}}).oclif?.exit ?? -1
    } finally {
      process.stderr.write = write
      process.exitCode = undefined
    }
    t.equal(code, 2)
    t.match(stderr, /^bitstrail: .*no\/such\/dir\/out\.jsonl: cannot write: ENOENT/)
  })

  t.test('stdout: exact JSONL and XML of one record', async (t) => {
    const one = join(dir, 'one.evtx')
    writeFileSync(one, buildEvtx([events[5]!]).bytes)
    const capture = async (args: string[]) => {
      let out = ''
      const write = process.stdout.write.bind(process.stdout)
      process.stdout.write = ((c: string | Uint8Array) => ((out += typeof c === 'string' ? c : Buffer.from(c).toString()), true)) as typeof process.stdout.write
      try {
        await Evtx.run([one, '--threads', '1', ...args], root)
      } finally {
        process.stdout.write = write
      }
      return out
    }
    const system =
      '"System":{"Provider":{"#attributes":{"Name":"Test"}},"EventID":4690,"Version":0,"Level":4,"Task":0,"Opcode":0,' +
      '"Keywords":"0x8000000000000000","TimeCreated":{"#attributes":{"SystemTime":"2024-03-05T00:00:00.0000000Z"}},' +
      '"EventRecordID":1,"Correlation":null,"Execution":{"#attributes":{"ProcessID":4,"ThreadID":8}},"Channel":"Application",' +
      '"Computer":"WKS01","Security":null}'
    t.equal(
      await capture([]),
      `{"Event":{"#attributes":{"xmlns":"http://schemas.microsoft.com/win/2004/08/events/event"},${system},"EventData":{"n":7}}}\n`,
    )
    t.equal(
      await capture(['--format', 'xml']),
      '<?xml version="1.0" encoding="utf-8"?>\n<Events>\n' +
        '<Event xmlns="http://schemas.microsoft.com/win/2004/08/events/event"><System><Provider Name="Test"/><EventID>4690</EventID>' +
        '<Version>0</Version><Level>4</Level><Task>0</Task><Opcode>0</Opcode><Keywords>0x8000000000000000</Keywords>' +
        '<TimeCreated SystemTime="2024-03-05T00:00:00.0000000Z"/><EventRecordID>1</EventRecordID><Correlation/>' +
        '<Execution ProcessID="4" ThreadID="8"/><Channel>Application</Channel><Computer>WKS01</Computer><Security/></System>' +
        '<EventData><Data Name="n">7</Data></EventData></Event>\n</Events>\n',
    )
    t.equal(
      await capture(['--format', 'csv']),
      'File,RecordID,TimeCreated,EventID,Provider,Channel,Computer,UserSID,ProcessID,ThreadID,EventData\r\n' +
        `${one},1,2024-03-05T00:00:00.0000000Z,4690,Test,Application,WKS01,,4,8,"{""n"":7}"\r\n`,
    )
  })

  t.test('usage errors exit 2', async (t) => {
    const r = await run([file, '--event-id', 'abc'], dir)
    t.equal(r.code, 2)
    t.match(r.stderr, /--event-id: "abc" is not an event id/)
  })

  t.test('threads: same output with a worker pool', async (t) => {
    const many = join(dir, 'many.evtx')
    writeFileSync(many, buildEvtx(Array.from({length: 40}, () => events).flat().map((e) => ({...e, recordId: undefined} as unknown as EvtxEventSpec)), {maxRecordsPerChunk: 7}).bytes)
    const one = await run([many], dir)
    const outFile = join(dir, 'pool.txt')
    await Evtx.run([many, '--output', outFile, '--threads', '2'], root)
    t.equal(readFileSync(outFile, 'utf8'), one.stdout)
    t.equal(one.stdout.trimEnd().split('\n').length, 240)
  })
})
