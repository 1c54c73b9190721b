import {writeFileSync} from 'node:fs'
import {join} from 'node:path'
import t from 'tap'
import {createCsvParser, csvParser, detectCsvFlavor, loadCsvMapping, sniffCsvHeader} from '../../src/parsers/csv/index.js'
import {CsvRecordFramer, type FramedRecord} from '../../src/parsers/csv/framer.js'
import {runParser} from '../windows-event/run-parser.js'

function frame(text: string, pieces: number[], max = 1000): FramedRecord[] {
  const f = new CsvRecordFramer({maxRecordChars: max})
  f.delimiter = 0x2c
  const out: FramedRecord[] = []
  let at = 0
  for (const size of pieces) {
    out.push(...f.push(text.slice(at, at + size)))
    at += size
  }
  out.push(...f.push(text.slice(at)), ...f.end())
  return out
}

const TEXT = 'a,b\r\n"x\r\ny",2\r\n\r\n"q""uote",3\rlast,"4"'

t.test('framer: records and first lines do not depend on where chunks end', async (t) => {
  const whole = frame(TEXT, [])
  t.strictSame(whole, [
    {text: 'a,b', line: 1},
    {text: '"x\r\ny",2', line: 2},
    {text: '"q""uote",3', line: 5},
    {text: 'last,"4"', line: 6},
  ])
  for (let size = 1; size < TEXT.length; size++) {
    t.strictSame(frame(TEXT, Array(TEXT.length).fill(size)), whole, `chunks of ${size}`)
  }
})

t.test('framer: an over-long record is reported and the next line read', async (t) => {
  t.strictSame(frame('a,b\n' + 'x'.repeat(50) + '\nc,d\n', [3, 7, 11], 20), [
    {text: 'a,b', line: 1},
    {error: 'record longer than 20 characters', line: 2},
    {text: 'c,d', line: 3},
  ])
  t.strictSame(frame('a,"open\nb,c\nd,e\n', [], 8), [
    {error: 'quoted field not closed within 8 characters', line: 1},
    {text: 'b,c', line: 2},
    {text: 'd,e', line: 3},
  ])
})

t.test('header sniffing and detectCsvFlavor', async (t) => {
  t.equal(detectCsvFlavor('\uFEFFRecordNumber,EventRecordId,TimeCreated,EventId,Level,Provider,Channel,PayloadData1,Payload\r\n'),
    'EvtxECmd CSV header (TimeCreated, EventId, PayloadData1), delimiter ","')
  t.equal(detectCsvFlavor('"@timestamp";"host.name";"event.code";"process.command_line"'), 'ECS columns (@timestamp, host.name, event.code, process.command_line), delimiter ";"')
  t.equal(detectCsvFlavor('TimeCreated\tId\tProviderName\tImage'), 'Windows event columns (Id, TimeCreated, Image), delimiter tab')
  t.equal(detectCsvFlavor('name,size,owner'), null)
  t.equal(detectCsvFlavor('just one column'), null)
  t.strictSame(sniffCsvHeader('EventID,Image,CommandLine'), {flavor: 'windows-event', delimiter: ',', reason: 'Windows event columns (EventID, Image, CommandLine)'})
})

t.test('a --map file names unknown columns; a bad one is refused with the file named', async (t) => {
  const dir = t.testdir({
    'odd.csv': 'When,Box,Code,Source,Exe,Cmd,Who\n2026-12-03T10:00:00Z,ws9,4688,Security,C:\\a.exe,a.exe -x,CONTOSO\\z\n',
    'map.json': JSON.stringify({When: 'time', Box: 'host', Code: 'eventId', Source: 'channel', Exe: 'winlog.event_data.NewProcessName', Cmd: 'process.command_line', Who: 'user'}),
    'bad.json': '{"When": 5}',
    'notjson.json': '{When',
  })
  const plain = await runParser(csvParser, join(dir, 'odd.csv'))
  t.strictSame(plain.events, [])
  t.strictSame(plain.issues.map((i) => [i.line, i.reason]), [[1, 'not read as CSV: the header names no EvtxECmd, ECS or Windows-event columns (use a --map file to name them)']])
  const mapping = await loadCsvMapping(join(dir, 'map.json'))
  const r = await runParser(createCsvParser({mapping, flavor: 'windows-event'}), join(dir, 'odd.csv'))
  t.strictSame(r.issues, [])
  const e = r.events[0]!
  t.strictSame([e.time, e.host, e.eventId, e.channel, e.provider, e.action, e.process, e.user], [
    '2026-12-03T10:00:00Z', 'ws9', 4688, 'Security', 'Microsoft-Windows-Security-Auditing', 'process-start',
    {commandLine: 'a.exe -x', image: 'C:\\a.exe'}, {name: 'z', domain: 'CONTOSO'},
  ])
  await t.rejects(loadCsvMapping(join(dir, 'bad.json')), {name: 'InputError', message: `${join(dir, 'bad.json')}: mapping for column "When" must be a non-empty string (a model field, an ECS name or winlog.event_data.NAME)`})
  await t.rejects(loadCsvMapping(join(dir, 'notjson.json')), {name: 'InputError'})
  await t.rejects(loadCsvMapping(join(dir, 'missing.json')), {name: 'InputError'})
})

t.test('UTF-16LE CSV with BOM, and an over-long record in a file', async (t) => {
  const dir = t.testdir({})
  const text = 'EventID,ProviderName,Image\r\n1,Microsoft-Windows-Sysmon,C:\\ü.exe\r\n'
  writeFileSync(join(dir, 'u16.csv'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]))
  const r = await runParser(csvParser, join(dir, 'u16.csv'))
  t.strictSame(r.issues, [])
  t.strictSame(r.events.map((e) => e.process?.image), ['C:\\ü.exe'])
  writeFileSync(join(dir, 'long.csv'), `EventID,ProviderName,Image\n1,Microsoft-Windows-Sysmon,"${'x'.repeat(3000)}\n1,Microsoft-Windows-Sysmon,C:\\ok.exe\n`)
  writeFileSync(join(dir, 'sep.csv'), 'sep=;\r\nEventID;ProviderName;Image;CommandLine\r\n1;Microsoft-Windows-Sysmon;C:\\a.exe;a.exe x,y\r\n')
  const sep = await runParser(csvParser, join(dir, 'sep.csv'))
  t.strictSame([sep.issues, sep.events.map((e) => [e.source.line, e.process?.commandLine])], [[], [[3, 'a.exe x,y']]])
  writeFileSync(join(dir, 'empty.csv'), '')
  t.strictSame((await runParser(csvParser, join(dir, 'empty.csv'))).issues.map((i) => i.reason), ['no CSV header line: the file is empty'])
  const long = await runParser(createCsvParser({maxRecordChars: 1000}), join(dir, 'long.csv'))
  t.strictSame(long.issues.map((i) => [i.line, i.reason]), [[2, 'CSV record skipped: quoted field not closed within 1000 characters']])
  t.strictSame(long.events.map((e) => [e.source.line, e.process?.image]), [[3, 'C:\\ok.exe']])
})

t.test('EvtxECmd rows without a usable Payload: ExecutableInfo gives the command line, bad JSON is reported', async (t) => {
  const dir = t.testdir({
    'e.csv': 'TimeCreated,EventId,Provider,Channel,Computer,MapDescription,ExecutableInfo,Payload\n' +
      '2026-12-03 10:00:00.0000000,1,Microsoft-Windows-Sysmon,Microsoft-Windows-Sysmon/Operational,WS1,Process creation,cmd.exe /c ver,\n' +
      '2026-12-03 10:00:01.0000000,4688,Microsoft-Windows-Security-Auditing,Security,WS1,A new process,"x.exe",{not json\n',
  })
  const path = join(dir, 'e.csv')
  const r = await runParser(csvParser, path)
  t.strictSame(r.issues, [{path, severity: 'warning', line: 3, reason: 'Payload column is not JSON (Expected property name or \'}\' in JSON at position 1); EventData fields of this row are missing'}])
  t.strictSame(r.events.map((e) => [e.time, e.action, e.process]), [
    ['2026-12-03T10:00:00.0000000Z', 'process-start', {commandLine: 'cmd.exe /c ver'}],
    ['2026-12-03T10:00:01.0000000Z', 'process-start', {commandLine: 'x.exe'}],
  ])
})
