#!/usr/bin/env node
// Report generation bench: a triage result with N timeline entries (default 1,000,000) rendered to the HTML report
// and exported as CSV from the built dist/ (run `npx tsc -p tsconfig.build.json` first). Prints time and peak RSS.
//   node bench/report.mjs [--rows N] [--events] [--browser] [--formats csv,ecs]
//   --events   attach a TriageEvent to every entry (heavier result; what a triage that keeps events would hold)
//   --browser  open the report in headless Chromium and scroll the virtual table
import {createWriteStream, mkdirSync, statSync} from 'node:fs'
import {finished} from 'node:stream/promises'
import {fileURLToPath} from 'node:url'
import {performance} from 'node:perf_hooks'

const args = process.argv.slice(2)
const flag = name => args.includes(name)
const option = (name, fallback) => {
  const i = args.indexOf(name)
  return i >= 0 && args[i + 1] ? args[i + 1] : fallback
}
const ROWS = Number(option('--rows', '1000000'))
const WITH_EVENTS = flag('--events')
const FORMATS = option('--formats', 'csv').split(',').filter(Boolean)
const OUT = fileURLToPath(new URL('./out/', import.meta.url))
mkdirSync(OUT, {recursive: true})

const dist = new URL('../dist/report/', import.meta.url)
const {writeHtmlReport} = await import(new URL('html-report.js', dist))
const {writeTimeline} = await import(new URL('timeline/write-timeline.js', dist))

const mb = bytes => `${(bytes / 1024 / 1024).toFixed(0)} MB`
const peak = () => process.resourceUsage().maxRSS * 1024
let sampledPeak = 0
const sampler = setInterval(() => {
  sampledPeak = Math.max(sampledPeak, process.memoryUsage().rss)
}, 50)

function rng(seed) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

// Parsers decode strings from file bytes, which gives flat strings; template literals here would give cons-string
// trees several times larger. Decoding from a buffer reproduces what parsers hold.
const flat = s => Buffer.from(s, 'latin1').toString('latin1')

function buildResult(rows) {
  const rand = rng(42)
  const hosts = Array.from({length: 40}, (_, i) => `WS-${String(i + 1).padStart(3, '0')}`)
  const users = Array.from({length: 300}, (_, i) => `CORP\\user${String(i).padStart(3, '0')}`)
  const kinds = [
    {category: 'process', action: 'process-start', eventId: 1, path: 'Microsoft-Windows-Sysmon%4Operational.evtx'},
    {category: 'process', action: 'process-start', eventId: 4688, path: 'Security.evtx'},
    {category: 'authentication', action: 'logon', eventId: 4624, path: 'Security.evtx'},
    {category: 'bits', action: 'bits-job-created', eventId: 3, path: 'Microsoft-Windows-Bits-Client%4Operational.evtx'},
    {category: 'bits', action: 'bits-transfer-started', eventId: 59, path: 'Microsoft-Windows-Bits-Client%4Operational.evtx'},
    {category: 'registry', action: 'registry-value-set', eventId: 13, path: 'Microsoft-Windows-Sysmon%4Operational.evtx'},
    {category: 'network', action: 'network-connect', eventId: 3, path: 'Microsoft-Windows-Sysmon%4Operational.evtx'},
  ]
  const images = ['chrome.exe', 'explorer.exe', 'svchost.exe', 'OUTLOOK.EXE', 'conhost.exe', 'powershell.exe', 'msedge.exe', 'Teams.exe']
  const start = Date.parse('2024-03-01T00:00:00Z')
  const span = 14 * 86400 * 1000
  const timeline = new Array(rows)
  let ms = start
  const step = span / rows
  // Parsers hand every event of a file the same path string; the bench shares them the same way.
  const paths = new Map()
  const pathOf = (host, file) => {
    const key = `${host}\u0000${file}`
    let p = paths.get(key)
    if (!p) paths.set(key, (p = `C:\\cases\\fleet\\${host}\\${file}`))
    return p
  }
  const incidentAt = Math.floor(rows * 0.61)
  const findings = []
  for (let i = 0; i < rows; i++) {
    ms += step * (0.5 + rand())
    const k = kinds[Math.floor(rand() * kinds.length)]
    const host = hosts[Math.floor(rand() * hosts.length)]
    const user = users[Math.floor(rand() * users.length)]
    const image = images[Math.floor(rand() * images.length)]
    const record = 100000 + i
    const frac = String(Math.floor(rand() * 1e7)).padStart(7, '0')
    const time = flat(`${new Date(Math.floor(ms / 1000) * 1000).toISOString().slice(0, 19)}.${frac}Z`)
    const summary = flat(k.category === 'process' ? `${image} started: "C:\\Program Files\\App\\${image}" --type=renderer --id=${record}`
      : k.category === 'bits' ? `BITS job "Update ${record % 97}" ${k.action === 'bits-job-created' ? 'created' : `transfer https://updates.example.com/f/${record}.bin`}`
      : k.category === 'registry' ? `HKU\\S-1-5-21-1-2-3-${1000 + (record % 300)}\\Software\\App\\Settings\\v${record % 13} set`
      : k.category === 'network' ? `${image} connected to 10.${record % 256}.${(record >> 8) % 256}.7:443` : `Logon type ${record % 2 ? 3 : 2} from 10.20.1.${record % 250}`)
    const entry = {time, kind: 'event', category: k.category, action: k.action, host, user, summary,
      source: {path: pathOf(host, k.path), kind: 'evtx', record}, eventId: k.eventId}
    if (WITH_EVENTS) {
      const [domain, name] = user.split('\\')
      entry.event = {time, source: entry.source, host, user: {name, domain}, category: k.category, action: k.action, eventId: k.eventId, message: summary,
        ...(k.category === 'process' ? {process: {image: `C:\\Program Files\\App\\${image}`, commandLine: summary, pid: 1000 + (record % 60000), parentImage: 'C:\\Windows\\explorer.exe', parentPid: 4100}} : {})}
    }
    if (i >= incidentAt && i < incidentAt + 5) {
      const id = `F-${String(findings.length + 1).padStart(4, '0')}`
      const stage = ['bits-job-created-by-bitsadmin', 'bits-transfer-from-raw-ip', 'bits-notify-launch', 'payload-spawns-shell', 'run-key-persistence'][i - incidentAt]
      findings.push({id, rule: stage, title: stage.replaceAll('-', ' '), severity: i - incidentAt === 2 ? 'critical' : 'high', techniques: ['T1197'], time, host, user,
        summary, evidence: [{...entry.source}], indicators: {}})
      entry.findings = [id]
      entry.severity = findings[findings.length - 1].severity
    }
    timeline[i] = entry
  }
  return {
    schemaVersion: '1.0.0',
    tool: {name: 'bitstrail', version: '0.1.0'},
    generatedAt: new Date(start + span + 3600e3).toISOString(),
    sourceTimeZone: {name: 'UTC', basis: 'evidence'},
    warnings: [],
    inputs: hosts.map(h => ({path: `C:\\cases\\fleet\\${h}`, kind: 'evtx', size: 64 << 20, records: Math.round(rows / hosts.length), errors: []})),
    findings,
    incidents: [{id: 'INC-0001', title: 'BITS job persistence (bench)', severity: 'critical', techniques: ['T1197'], findings: findings.map(f => f.id), links: [],
      start: findings[0]?.time, end: findings[findings.length - 1]?.time, host: findings[0]?.host, users: [], nextSteps: ['bitsadmin /list /allusers /verbose']}],
    timeline,
  }
}

async function timed(label, fn) {
  const before = process.memoryUsage().rss
  const t0 = performance.now()
  const extra = await fn()
  const seconds = (performance.now() - t0) / 1000
  console.log(`${label.padEnd(26)} ${seconds.toFixed(2).padStart(7)} s   rss before ${mb(before)}, peak so far ${mb(Math.max(peak(), sampledPeak))}${extra ? `   ${extra}` : ''}`)
}

console.log(`bitstrail report bench: ${ROWS.toLocaleString('en-US')} timeline entries${WITH_EVENTS ? ' with events' : ''} (node ${process.version})`)
let result
await timed('build triage result', () => {
  result = buildResult(ROWS)
  if (globalThis.gc) {
    globalThis.gc()
    return `live heap after gc ${mb(process.memoryUsage().heapUsed)}`
  }
})
const htmlPath = `${OUT}report-${ROWS}.html`
await timed('HTML report (streamed)', async () => {
  const out = createWriteStream(htmlPath)
  await writeHtmlReport(result, out, {lang: 'en'})
  out.end()
  await finished(out)
  return `${mb(statSync(htmlPath).size)} → ${htmlPath}`
})
for (const format of FORMATS) {
  const path = `${OUT}timeline-${ROWS}.${format}${format === 'csv' ? '' : '.ndjson'}`
  await timed(`timeline ${format}`, async () => {
    const out = createWriteStream(path)
    const stats = await writeTimeline(result, format, out, format === 'ecs' ? {index: 'bitstrail-bench'} : {})
    out.end()
    await finished(out)
    return `${stats.written.toLocaleString('en-US')} rows, ${mb(statSync(path).size)} → ${path}`
  })
}
clearInterval(sampler)
console.log(`peak RSS ${mb(Math.max(peak(), sampledPeak))} (target < 500 MB)`)

if (flag('--browser')) {
  result = undefined
  const {chromium} = await import('playwright-core')
  const browser = await chromium.launch({executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic',
    '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync']})
  try {
    const page = await browser.newPage({viewport: {width: 1400, height: 1000}})
    const errors = []
    const requests = []
    page.on('console', m => m.type() === 'error' && errors.push(m.text()))
    page.on('pageerror', e => errors.push(e.message))
    page.on('request', r => !r.url().startsWith('file:') && requests.push(r.url()))
    const t0 = performance.now()
    await page.goto(`file://${htmlPath}`, {timeout: 600000})
    await page.waitForSelector('html[data-ready="1"]', {timeout: 600000})
    console.log(`browser: ready after ${((performance.now() - t0) / 1000).toFixed(1)} s; ${await page.textContent('#tl-count')}`)
    const state = async label => {
      const s = await page.evaluate(() => {
        const rows = [...document.querySelectorAll('.vrow')].filter(r => r.style.display !== 'none')
        return {dom: document.querySelectorAll('.vrow').length, first: rows[0]?.children[0]?.textContent, last: rows[rows.length - 1]?.children[0]?.textContent,
          heap: performance.memory ? Math.round(performance.memory.usedJSHeapSize / 1048576) : undefined}
      })
      console.log(`browser: ${label.padEnd(18)} ${s.dom} row elements, first ${s.first}, last ${s.last}${s.heap ? `, JS heap ${s.heap} MB` : ''}`)
    }
    await state('top')
    for (const [label, frac] of [['scrolled to 50%', 0.5], ['scrolled to end', 1]]) {
      const t1 = performance.now()
      await page.$eval('.vport', (el, f) => { el.scrollTop = (el.scrollHeight - el.clientHeight) * f }, frac)
      await page.waitForTimeout(200)
      await state(`${label} (${(performance.now() - t1).toFixed(0)} ms)`)
    }
    await page.locator('#timeline').screenshot({path: `${OUT}report-${ROWS}-end.png`})
    const before = await page.textContent('#tl-count')
    const t2 = performance.now()
    await page.fill('#f-search', 'F-0003')
    await page.waitForFunction(text => document.getElementById('tl-count').textContent !== text, before, {timeout: 120000})
    console.log(`browser: search → ${await page.textContent('#tl-count')} in ${((performance.now() - t2) / 1000).toFixed(2)} s (incl. 200 ms debounce)`)
    await page.locator('#timeline').screenshot({path: `${OUT}report-${ROWS}-search.png`})
    console.log(`browser: console errors ${errors.length}, network requests ${requests.length}`)
  } finally {
    await browser.close()
  }
}
