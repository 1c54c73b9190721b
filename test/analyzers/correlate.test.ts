import t from 'tap'
import {analyze, loadRules, correlate} from '../../src/analyzers/index.js'
import {chain} from './fixtures/events.js'

const rules = loadRules()
t.test('job → notify launch → downloaded file → Run value → task form one incident', async t => {
  const r = await analyze(chain(), {rules})
  const severe = r.findings.filter(f => f.severity !== 'info' && f.host !== 'WS2')
  t.same(severe.map(f => f.rule).sort(), ['bits-cmd-set-notify', 'bits-job', 'bits-notify-launch', 'run-key-suspicious', 'scheduled-task'])
  t.same(r.findings.filter(f => f.severity === 'info').map(f => f.rule).sort(), ['bits-job', 'run-key-benign'])
  const main = r.incidents.find(i => i.findings.length > 1)!
  t.equal(r.incidents.length, 2)
  t.same([...main.findings].sort(), severe.map(f => f.id).sort())
  t.equal(main.severity, 'high')
  t.equal(main.title, "BITS job persistence: job 'upd' → u.exe")
  t.same(main.techniques, ['T1053.005', 'T1105', 'T1197', 'T1547.001'])
  t.equal(main.start, '2024-05-02T10:00:00.1234567Z')
  t.equal(main.end, '2024-05-02T10:03:00Z')
  t.equal(main.host, 'WS1')
  t.same(main.users, ['CORP\\alice'])
  t.equal(main.links.length, 4)
  t.ok(main.links.some(l => l.reason === 'path' && l.value === 'c:\\users\\public\\u.exe'))
  t.ok(main.links.every(l => main.findings.includes(l.from) && main.findings.includes(l.to)))
  const steps = main.nextSteps.join('\n')
  t.match(steps, /List every BITS job on WS1: bitsadmin \/list \/allusers \/verbose/)
  t.match(steps, /Record the notify command of BITS job 'upd' \{6A2C5E10-1D2B-4C3D-9E8F-0123456789AB\} \(bitsadmin \/getnotifycmdline \{6A2C5E10-1D2B-4C3D-9E8F-0123456789AB\}\), then cancel it: bitsadmin \/cancel \{6A2C5E10-1D2B-4C3D-9E8F-0123456789AB\}/)
  t.match(steps, /Collect and hash \(SHA-256\) the referenced files on WS1: C:\\Users\\Public\\u\.exe/)
  t.match(steps, /reg delete "HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Run" \/v "upd" \/f/)
  t.match(steps, /schtasks \/delete \/tn "\\Upd" \/f/)
  t.match(steps, /URL https:\/\/evil\.test\/u\.exe, domain evil\.test, SHA-256 ABAB/)
  t.match(steps, /Restrict BITS/)
  t.match(steps, /Inform the IR lead, IT operations on WS1 and the CISO/)
  const other = r.incidents.find(i => i !== main)!
  t.equal(other.host, 'WS2')
  t.same(other.findings.length, 1)
})

t.test('ids are stable across runs and input order', async t => {
  const a = await analyze(chain(), {rules})
  const b = await analyze([...chain()].reverse(), {rules})
  t.same(a.findings.map(f => f.id), b.findings.map(f => f.id))
  t.same(a.incidents.map(i => i.id), b.incidents.map(i => i.id))
  t.equal(JSON.stringify(a.incidents), JSON.stringify((await analyze(chain(), {rules})).incidents))
})

t.test('time proximity links only medium+ findings of one host within the window', async t => {
  const r = await analyze(chain(), {rules, correlation: {windowMs: 0, userWindowMs: 0}})
  t.equal(r.incidents.find(i => i.findings.length > 1)!.findings.length, 5, 'indicator links alone keep the chain together')
  const lone = correlate(r.findings.filter(f => f.rule === 'run-key-benign' || f.host === 'WS2'))
  t.same(lone.map(i => i.findings.length), [1])
})
