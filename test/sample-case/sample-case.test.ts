import {readFileSync} from 'node:fs'
import path from 'node:path'
import {fileURLToPath} from 'node:url'
import t from 'tap'

import {severityRank} from '../../src/model/finding.js'
import {streamTimeline} from '../../src/pipeline/stream-timeline.js'
import {runTriage} from '../../src/pipeline/triage.js'
import {sampleCaseFiles} from '../../src/sample-case/generate.js'
import {BENIGN_JOBS, JOB, RUN_VALUE, TASK} from '../../src/sample-case/story.js'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
const caseDir = path.join(root, 'samples/case')

t.test('the bundled sample case is exactly what the generator writes', async t => {
  for (const [rel, bytes] of sampleCaseFiles()) {
    t.ok(Buffer.from(bytes).equals(readFileSync(path.join(caseDir, rel))), `${rel} is current (run: node bin/run.js samples generate samples/case)`)
  }
})

t.test('triage of the sample case tells one BITS persistence story', async t => {
  const result = await runTriage({paths: [caseDir], threads: 1})
  t.same(result.sourceTimeZone, {name: 'W. Europe Standard Time', basis: 'evidence'})
  for (const input of result.inputs) t.same(input.errors.filter(e => e.severity === 'error'), [], `${path.relative(caseDir, input.path)} parses without errors`)

  const high = result.incidents.filter(i => severityRank(i.severity) >= severityRank('high'))
  t.equal(high.length, 1, 'one high-severity incident')
  const incident = high[0]!
  t.match(incident.title, JOB.title)
  t.ok(incident.techniques.includes('T1197'), 'T1197')
  t.ok(incident.techniques.includes('T1547.001'), 'Run key technique')
  t.ok(incident.techniques.includes('T1053.005'), 'task technique')

  const findings = new Map(result.findings.map(f => [f.id, f]))
  const members = incident.findings.map(id => findings.get(id)!)
  const has = (what: string, pred: (f: (typeof members)[number]) => boolean) => t.ok(members.some(pred), `incident holds ${what}`)
  const ind = (f: (typeof members)[number]) => JSON.stringify(f.indicators).toLowerCase()
  has('the job', f => ind(f).includes(JOB.id.toLowerCase()))
  has('the notify launch', f => f.evidence.some(e => e.record === 4111))
  has('the downloaded file', f => ind(f).includes(JOB.local.toLowerCase().replace(/\\/g, '\\\\')))
  has('the Run value', f => f.techniques.includes('T1547.001') && ind(f).includes(RUN_VALUE.name.toLowerCase()))
  has('the task', f => f.techniques.includes('T1053.005') && ind(f).includes(TASK.path.toLowerCase().replace(/\\/g, '\\\\')))

  const text = (f: (typeof members)[number]) => `${f.title} ${f.summary} ${JSON.stringify(f.indicators)}`
  for (const benign of [...BENIGN_JOBS.map(j => j.title), 'OneDrive', 'SecurityHealth', 'VMware', 'MicrosoftEdgeUpdateTaskMachineCore', 'gupdate', 'WmiApSrv']) {
    const above = result.findings.filter(f => text(f).includes(benign) && severityRank(f.severity) > severityRank('low'))
    t.same(above.map(f => `${f.severity} ${f.title}`), [], `${benign} is not reported above low`)
    t.notOk(members.some(f => text(f).includes(benign)), `${benign} is not part of the incident`)
  }
})

t.test('the streamed timeline holds the same entries as the sorted one', async t => {
  const result = await runTriage({paths: [caseDir], threads: 1, timeline: 'all'})
  const streamed: unknown[] = []
  for await (const entry of streamTimeline(result, {paths: [caseDir], threads: 1})) streamed.push(entry)
  const canon = (list: unknown[]) => list.map(e => JSON.stringify(e)).sort()
  t.ok(streamed.length > 50, `${streamed.length} entries`)
  t.same(canon(streamed), canon(result.timeline))
})

t.test('a capped timeline keeps the events behind findings and says what it left off', async t => {
  const result = await runTriage({paths: [caseDir], threads: 1, timeline: 'all', maxTimelineEvents: 5})
  t.match(result.warnings.join('\n'), /The timeline holds the first 5 events; \d+ more were analysed/)
  const marked = result.timeline.filter(e => e.kind === 'event' && e.findings?.length)
  t.ok(marked.some(e => e.source.record === 4111), 'the notify launch is on the timeline')
})
