import t from 'tap'
import {renderTerminalSummary, verdictLine} from '../../src/report/terminal-summary.js'
import {buildCase, payloadText} from './fixture.js'

const ANSI = /\u001b\[[0-9;]*m/g

t.test('quiet prints the one-line verdict', async t => {
  const {result} = buildCase()
  const out = renderTerminalSummary(result, {color: false, width: 100, quiet: true})
  t.equal(out, 'CRITICAL: 1 incident — BITS job persistence on WS-FIN-07 (WindowsUpdateCheck); 8 findings (1 critical, 4 high, 2 medium, 1 info); 6 inputs, 1 parse error\n')
  t.equal(verdictLine({...result, findings: [], incidents: []}), 'CLEAN: no findings; 6 inputs, 1 parse error')
  t.equal(verdictLine({...result, incidents: []}), 'CRITICAL: no incident; 8 findings (1 critical, 4 high, 2 medium, 1 info); 6 inputs, 1 parse error')
})

t.test('colour only when asked', async t => {
  const {result} = buildCase()
  t.notMatch(renderTerminalSummary(result, {color: false, width: 100, quiet: false}), ANSI)
  t.match(renderTerminalSummary(result, {color: true, width: 100, quiet: false}), ANSI)
  t.match(renderTerminalSummary(result, {color: true, width: 100, quiet: true}), /^\u001b\[41m/)
})

t.test('the summary fits the width and lists incidents, findings and inputs in that order', async t => {
  const {result} = buildCase()
  for (const width of [80, 120, 200]) {
    const out = renderTerminalSummary(result, {color: true, width, quiet: false})
    const lines = out.replace(ANSI, '').split('\n')
    const tableLines = lines.filter(l => /^[┌│├└]/.test(l))
    t.ok(tableLines.length > 20)
    for (const l of tableLines) t.ok([...l].length <= width, `table line fits ${width}: ${[...l].length}`)
  }
  const out = renderTerminalSummary(result, {color: false, width: 120, quiet: false})
  const order = ['Incidents', 'Next steps', 'Findings by severity', 'Inputs', '1 parse error', 'Source time zone: Europe/Berlin (source-tz)']
  let at = -1
  for (const word of order) {
    const i = out.indexOf(word, at + 1)
    t.ok(i > at, `${word} after the previous section`)
    at = i
  }
  t.match(out, /notify launch/)
  t.match(out, /2024-03-12T09:14:10\.1000000Z/)
  const zoned = renderTerminalSummary(result, {color: false, width: 140, quiet: false, timeZone: 'Europe/Berlin'})
  t.match(zoned, /2024-03-12T10:14:10\.1000000\+01:00/)
  const capped = renderTerminalSummary(result, {color: false, width: 120, quiet: false, maxFindings: 3})
  t.match(capped, /… 5 more findings/)
})

t.test('evidence cannot drive the terminal', async t => {
  const {result} = buildCase(payloadText())
  result.incidents[0]!.title = 'evil\u001b]0;owned\u0007\u001b[2J title'
  result.findings[0]!.summary = 'x\u001b[31mred\u001b[0m \u202Eexe.txt'
  const out = renderTerminalSummary(result, {color: false, width: 120, quiet: false})
  t.notOk(out.includes('\u001b'), 'no escape character from evidence')
  t.notOk(out.includes('\u0007'))
  t.ok(out.includes('evil\\x1b]0;owned\\x07\\x1b[2J title'))
  t.ok(out.includes('<U+202E>exe.txt'))
})
