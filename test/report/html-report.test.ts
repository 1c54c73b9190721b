import t from 'tap'
import {createHash} from 'node:crypto'
import {renderHtmlReport, writeHtmlReport} from '../../src/report/html-report.js'
import {loadReportAssets} from '../../src/report/assets.js'
import {buildReportData} from '../../src/report/report-data.js'
import {classifyFinding} from '../../src/report/evidence-chain.js'
import type {TimelineDictionaries, TimelineRow} from '../../src/report/timeline-data.js'
import {InputError} from '../../src/model/errors.js'
import {buildCase, payloadText, PAYLOADS} from './fixture.js'
import {Sink} from './sink.js'

function scripts(html: string): Array<{attrs: string; body: string}> {
  return [...html.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)].map(m => ({attrs: m[1] ?? '', body: m[2] ?? ''}))
}

t.test('the CSP hashes exactly the inline scripts and styles, and allows nothing else', async t => {
  const html = renderHtmlReport(buildCase().result, {lang: 'en'})
  const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)?.[1]?.replaceAll('&#39;', "'")
  t.ok(csp)
  const hash = (s: string) => `'sha256-${createHash('sha256').update(s).digest('base64')}'`
  const code = scripts(html).filter(s => s.attrs === '')
  t.equal(code.length, 2)
  const styles = [...html.matchAll(/<style>([\s\S]*?)<\/style>/g)].map(m => m[1] ?? '')
  t.equal(styles.length, 2)
  t.equal(csp, `default-src 'none'; script-src ${code.map(s => hash(s.body)).join(' ')}; style-src ${styles.map(hash).join(' ')}; img-src data:; base-uri 'none'; form-action 'none'`)
  const markup = html.replace(/<(script|style)([^>]*)>[\s\S]*?<\/\1>/g, '<$1$2></$1>')
  t.notMatch(markup, /https?:|ftp:|javascript:/i, 'the static markup names no URL')
  t.same([...markup.matchAll(/\b(src|href|action)="([^"]*)"/g)].map(m => m[2]), ['data:,', '#summary', '#incidents', '#findings', '#timeline', '#artefacts'])
})

t.test('evidence never appears raw in the HTML: JSON blocks are escaped and parse back', async t => {
  const {result} = buildCase(payloadText())
  const html = renderHtmlReport(result, {lang: 'en', chunkRows: 50})
  for (const payload of [PAYLOADS.script, PAYLOADS.img, PAYLOADS.closeScript, PAYLOADS.comment]) {
    t.notOk(html.includes(payload), `raw ${payload} absent`)
  }
  const blocks = scripts(html).filter(s => s.attrs.includes('application/json'))
  for (const b of blocks) t.notMatch(b.body, /[<>\u2028\u2029]/)
  const chunks = blocks.filter(b => b.attrs.includes('tl-chunk')).map(b => JSON.parse(b.body) as TimelineRow[])
  t.equal(chunks.length, Math.ceil(result.timeline.length / 50))
  const rows = chunks.flat()
  const dict = JSON.parse(blocks.find(b => b.attrs.includes('tl-dict'))!.body) as TimelineDictionaries
  t.equal(dict.rows, result.timeline.length)
  result.timeline.forEach((e, i) => {
    const r = rows[i]!
    t.same([r[0], dict.actions[r[3]], r[4] < 0 ? undefined : dict.hosts[r[4]], r[6], dict.paths[r[7]]], [e.time ?? null, e.action, e.host, e.summary, e.source.path])
  })
  const data = JSON.parse(blocks.find(b => b.attrs.includes('report-data'))!.body) as ReturnType<typeof buildReportData>
  t.equal(data.incidents[0]!.title, result.incidents[0]!.title)
  t.match(html, /<title>bitstrail triage report — WS-&lt;script&gt;alert\(1\)&lt;\/script&gt;<\/title>/)
})

t.test('the streaming writer produces the same document', async t => {
  const {result} = buildCase()
  const sink = new Sink()
  await writeHtmlReport(result, sink, {lang: 'de', chunkRows: 7})
  t.equal(sink.text(), renderHtmlReport(result, {lang: 'de', chunkRows: 7}))
  t.match(sink.text(), /<html lang="de">/)
  t.match(sink.text(), /<h2>Vorfälle<\/h2>/)
  t.throws(() => loadReportAssets('fr' as never), InputError)
})

t.test('the evidence chain and artefact panels come from the findings', async t => {
  const {result} = buildCase()
  const data = buildReportData(result, {lang: 'en'})
  const inc = data.incidents[0]!
  t.same(inc.chain.map(s => [s.findingId, s.stage, s.autostart ?? '']), [
    ['F-0001', 'job-created', ''], ['F-0002', 'job-created', ''], ['F-0003', 'transfer', ''], ['F-0004', 'notify-launch', ''],
    ['F-0005', 'payload', ''], ['F-0006', 'autostart', 'run-value'], ['F-0007', 'autostart', 'task']])
  t.same(data.findings.map(f => f.severity), ['critical', 'high', 'high', 'high', 'high', 'medium', 'medium', 'info'])
  t.same(data.findings[0]!.techniques, [{id: 'T1197', url: 'https://attack.mitre.org/techniques/T1197/'}])
  t.same(data.counts, {inputs: 6, parsed: 5, skipped: 1, records: 59665, parseErrors: 1, parseWarnings: 1, timeline: result.timeline.length,
    findings: 8, incidents: 1, bySeverity: {info: 1, low: 0, medium: 2, high: 4, critical: 1}})
  const job = data.artefacts.find(a => a.type === 'bits-job' && a.incident === 'INC-0001')!
  t.same(Object.fromEntries(job.fields.filter(([k]) => ['jobState', 'notifyCommandLine', 'retryDelaySeconds', 'jobOwner'].includes(k))),
    {jobState: 'ERROR', notifyCommandLine: 'C:\\Users\\Public\\svcupd.exe', retryDelaySeconds: '60', jobOwner: 'CORP\\j.meyer'})
  t.same(job.files, [{url: 'http://203.0.113.50/upd/svcupd.exe', local: 'C:\\Users\\Public\\svcupd.exe', bytesTransferred: 73216, bytesTotal: 73216, state: 'TRANSFERRED'}])
  const tree = data.artefacts.find(a => a.type === 'process-tree')!.tree!
  const shape = (n: typeof tree): unknown => [n.image?.split('\\').pop(), n.pid, n.role, n.children.map(shape)]
  t.same(shape(tree), ['svchost.exe', 1184, 'parent', [['svcupd.exe', 6012, 'notify', [
    ['cmd.exe', 6100, 'descendant', [['reg.exe', 6120, 'descendant', []]]], ['schtasks.exe', 6140, 'descendant', []]]]]])
  t.equal(data.artefacts.find(a => a.type === 'run-value')!.title, 'HKU\\S-1-5-21-3623811015-3361044348-30300820-1107\\Software\\Microsoft\\Windows\\CurrentVersion\\Run\\OneDriveSync')
  t.equal(data.artefacts.find(a => a.type === 'task')!.fields.find(([k]) => k === 'trigger')![1], 'Logon (user CORP\\j.meyer)')

  t.same(classifyFinding({...result.findings[0]!, events: [], rule: 'bits-notify-child', title: 'x'}), {stage: 'notify-launch'})
  t.same(classifyFinding({...result.findings[0]!, events: [], rule: 'scheduled-task-created', title: 'x'}), {stage: 'autostart', autostart: 'task'})
  t.same(classifyFinding({...result.findings[0]!, events: [], rule: 'something', title: 'x'}), {stage: 'other'})
})
