import t from 'tap'
import {parseString} from '@fast-csv/parse'
import type {TimelineEntry} from '../../src/model/result.js'
import {CSV_COLUMNS} from '../../src/report/timeline/csv.js'
import {writeTimeline} from '../../src/report/timeline/write-timeline.js'
import {UsageError} from '../../src/model/errors.js'
import {buildCase, payloadText, PAYLOADS} from './fixture.js'
import {Sink} from './sink.js'

async function exportText(input: Parameters<typeof writeTimeline>[0], format: Parameters<typeof writeTimeline>[1], opts: Parameters<typeof writeTimeline>[3] = {}) {
  const sink = new Sink()
  const stats = await writeTimeline(input, format, sink, opts)
  return {text: sink.text(), stats}
}

/** A dotted ECS field of a parsed document. */
function get(doc: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((node, key) => (node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined), doc)
}

function parseCsv(text: string): Promise<Array<Record<string, string>>> {
  return new Promise((resolve, reject) => {
    const rows: Array<Record<string, string>> = []
    parseString(text, {headers: true})
      .on('error', reject)
      .on('data', (row: Record<string, string>) => rows.push(row))
      .on('end', () => resolve(rows))
  })
}

/** What the CSV should hold for an entry, with formula-like cells carrying their leading quote. */
function expectedRow(e: TimelineEntry, rules: Map<string, string>): Record<string, string> {
  const guard = (s: string | number | undefined): string => {
    const v = s === undefined ? '' : String(s)
    return /^[=+\-@\t\r]/.test(v) ? `'${v}` : v
  }
  return {
    time: guard(e.time), kind: e.kind, host: guard(e.host), user: guard(e.user), category: e.category, action: guard(e.action),
    event_id: guard(e.eventId), severity: guard(e.severity), summary: guard(e.summary), source_kind: e.source.kind, source_path: guard(e.source.path),
    record: guard(e.source.record), line: guard(e.source.line), key: guard(e.source.key), finding_ids: guard(e.findings?.join(';')),
    finding_rules: guard(e.findings ? [...new Set(e.findings.map(id => rules.get(id)))].join(';') : undefined),
  }
}

for (const [name, text] of [['sample case', undefined], ['payload case', payloadText()]] as const) {
  t.test(`CSV of the ${name} re-parses to the same events`, async t => {
    const {result} = buildCase(text)
    result.timeline[3]!.summary = '=HYPERLINK("http://x","click")'
    result.timeline[4]!.summary = '-1+1 @x\r\nsecond line, with "quotes"'
    const {text: csv, stats} = await exportText(result, 'csv')
    t.equal(csv.charCodeAt(0), 0xfeff, 'UTF-8 BOM for spreadsheets')
    t.match(csv, /^\uFEFFtime,kind,host,user,category,action,event_id,severity,summary,source_kind,source_path,record,line,key,finding_ids,finding_rules\r\n/)
    t.equal(stats.written, result.timeline.length)
    const rows = await parseCsv(csv.slice(1))
    t.equal(rows.length, result.timeline.length)
    const rules = new Map(result.findings.map(f => [f.id, f.rule]))
    result.timeline.forEach((e, i) => t.same(rows[i], expectedRow(e, rules), `row ${i}`))
    t.equal(rows[3]!.summary, '\'=HYPERLINK("http://x","click")')
    t.equal(rows[4]!.summary, '\'-1+1 @x\r\nsecond line, with "quotes"')
    t.same(Object.keys(rows[0]!), [...CSV_COLUMNS])
  })
}

t.test('CSV times in another zone, without BOM', async t => {
  const {result} = buildCase()
  const {text} = await exportText(result, 'csv', {timeZone: 'Europe/Berlin', bom: false})
  const rows = await parseCsv(text)
  const i = result.timeline.findIndex(e => e.time === '2024-03-12T09:14:03.4123457Z')
  t.ok(i >= 0)
  t.equal(rows[i]!.time, '2024-03-12T10:14:03.4123457+01:00')
})

t.test('ECS lines carry the ECS fields and bulk action lines', async t => {
  const {result} = buildCase()
  const {text, stats} = await exportText(result, 'ecs', {index: 'bitstrail-ws-fin-07'})
  const lines = text.trimEnd().split('\n')
  t.equal(lines.length, result.timeline.length * 2)
  t.equal(stats.written, result.timeline.length)
  for (let i = 0; i < lines.length; i += 2) t.equal(lines[i], '{"index":{"_index":"bitstrail-ws-fin-07"}}')
  const docs = lines.filter((_, i) => i % 2 === 1).map(l => JSON.parse(l) as unknown)
  for (const d of docs) {
    t.type(get(d, '@timestamp'), 'string')
    t.ok(Array.isArray(get(d, 'event.category')))
  }
  const pick = (d: unknown, fields: string[]) => Object.fromEntries(fields.map(f => [f, get(d, f)]))
  const launch = docs.find(d => String(get(d, 'process.parent.command_line')).includes('-s BITS') && get(d, 'event.kind') === 'event')
  t.same(pick(launch, ['@timestamp', 'event.code', 'event.provider', 'event.category', 'event.action', 'host.name', 'user.name', 'user.domain',
    'process.command_line', 'process.executable', 'process.pid', 'process.parent.executable', 'process.parent.command_line', 'rule.id', 'rule.name',
    'threat.technique.id', 'event.severity']), {
    '@timestamp': '2024-03-12T09:14:10.1000000Z', 'event.code': '1', 'event.provider': 'Microsoft-Windows-Sysmon', 'event.category': ['process'],
    'event.action': 'process-start', 'host.name': 'WS-FIN-07', 'user.name': 'j.meyer', 'user.domain': 'CORP', 'process.command_line': 'C:\\Users\\Public\\svcupd.exe',
    'process.executable': 'C:\\Users\\Public\\svcupd.exe', 'process.pid': 6012, 'process.parent.executable': 'C:\\Windows\\System32\\svchost.exe',
    'process.parent.command_line': 'C:\\Windows\\System32\\svchost.exe -k netsvcs -p -s BITS', 'rule.id': 'bits-notify-launch',
    'rule.name': 'Program started by the BITS service as the job owner', 'threat.technique.id': ['T1197'], 'event.severity': 99,
  })
  const run = docs.find(d => get(d, 'registry') !== undefined && get(d, 'event.kind') === 'event')
  t.same(pick(run, ['registry.path', 'registry.data.strings']), {
    'registry.path': 'HKU\\S-1-5-21-3623811015-3361044348-30300820-1107\\Software\\Microsoft\\Windows\\CurrentVersion\\Run\\OneDriveSync',
    'registry.data.strings': ['C:\\Users\\Public\\svcupd.exe'],
  })
  const transfer = docs.find(d => get(d, 'event.code') === '60' && get(d, 'url') !== undefined)
  t.same(pick(transfer, ['url.full', 'file.path']), {'url.full': 'http://203.0.113.50/upd/svcupd.exe', 'file.path': 'C:\\Users\\Public\\svcupd.exe'})
  const alert = docs.find(d => get(d, 'event.kind') === 'alert' && get(d, 'rule.id') === 'run-key-persistence')
  t.same(pick(alert, ['event.category', 'threat.technique.id']), {'event.category': ['intrusion_detection'], 'threat.technique.id': ['T1547.001']})

  const plain = await exportText(result, 'ecs')
  t.equal(plain.text.split('\n').filter(Boolean).length, result.timeline.length, 'no action lines without --index')
  await t.rejects(exportText(result, 'ecs', {index: 'Bad Index'}), UsageError)
})

t.test('Timesketch lines carry message, datetime, timestamp_desc and µs timestamps', async t => {
  const {result} = buildCase()
  result.timeline.push({kind: 'event', category: 'other', action: 'no-time', summary: 'undated', source: {path: 'x.csv', kind: 'csv', line: 2}})
  const {text, stats} = await exportText(result, 'timesketch')
  const docs = text.trimEnd().split('\n').map(l => JSON.parse(l) as Record<string, unknown>)
  t.equal(docs.length, result.timeline.length - 1)
  t.same(stats, {written: result.timeline.length - 1, skipped: 1})
  for (const d of docs) {
    t.type(d.message, 'string')
    t.match(d.datetime, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}\+00:00$/)
    t.type(d.timestamp_desc, 'string')
    t.type(d.timestamp, 'number')
  }
  const created = docs.find(d => d.time_utc === '2024-03-12T09:14:03.4123457Z' && d.kind === 'event')!
  t.same([created.datetime, created.timestamp, created.timestamp_desc, created.bits_job_title, created.finding_rules],
    ['2024-03-12T09:14:03.412345+00:00', 1710234843412345, 'Event Recorded', 'WindowsUpdateCheck', 'bits-job-created-by-bitsadmin'])
  const listed = docs.find(d => d.source_kind === 'bitsadmin')!
  t.equal(listed.timestamp_desc, 'Bits Job Listed')
})

t.test('JSONL from an async iterable, payloads intact', async t => {
  const {result} = buildCase(payloadText())
  async function* entries() {
    yield* result.timeline
  }
  const {text} = await exportText(entries(), 'jsonl', {findings: result.findings})
  const back = text.trimEnd().split('\n').map(l => JSON.parse(l) as TimelineEntry)
  t.equal(back.length, result.timeline.length)
  t.same(back, JSON.parse(JSON.stringify(result.timeline)))
  t.ok(text.includes(PAYLOADS.closeScript))
  await t.rejects(exportText(result, 'xml' as never), UsageError)
})
