#!/usr/bin/env node
// Generates a large Kibana-style CSV (ECS columns) into the temp dir, parses it with the built CSV parser (dist/),
// and prints MB/s, rows/s and peak RSS. Usage: node bench/text-csv.mjs [sizeMB=1024]   (run `npm run build` first)
import {createWriteStream, existsSync, statSync, unlinkSync} from 'node:fs'
import {spawnSync} from 'node:child_process'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {fileURLToPath, pathToFileURL} from 'node:url'

const HEADER = ['@timestamp', 'host.name', 'event.code', 'event.provider', 'winlog.channel', 'winlog.record_id', 'process.executable',
  'process.command_line', 'process.pid', 'process.parent.executable', 'process.parent.command_line', 'user.name', 'user.domain', 'message']
const IMAGES = ['C:\\Windows\\System32\\cmd.exe', 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe', 'C:\\Windows\\System32\\bitsadmin.exe', 'C:\\Program Files\\App\\app.exe']
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']

function quote(v) {
  return /[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v
}

function row(i) {
  const d = new Date(Date.UTC(2026, 11, 1) + i * 37)
  const ts = `${MONTHS[d.getUTCMonth()]} ${d.getUTCDate()}, ${d.getUTCFullYear()} @ ${String(d.getUTCHours()).padStart(2, '0')}:${String(d.getUTCMinutes()).padStart(2, '0')}:${String(d.getUTCSeconds()).padStart(2, '0')}.${String(d.getUTCMilliseconds()).padStart(3, '0')}`
  const image = IMAGES[i % IMAGES.length]
  const cmd = i % 10 === 0
    ? `"${image}" /c echo "line one, with comma"\necho line two ${i}`
    : `"${image}" -NoProfile -Command Get-Item C:\\Users\\user${i % 97}\\file${i}.txt`
  const msg = i % 5 === 0 ? `Process Create:\nRuleName: -\nUtcTime: ${ts}` : 'Process Create'
  return [ts, `ws${i % 50}.contoso.local`, '1', 'Microsoft-Windows-Sysmon', 'Microsoft-Windows-Sysmon/Operational', String(100000 + i), image, cmd,
    String(1000 + (i % 60000)), 'C:\\Windows\\System32\\svchost.exe', 'C:\\Windows\\system32\\svchost.exe -k netsvcs -p -s BITS', `user${i % 97}`, 'CONTOSO', msg]
    .map(quote).join(',') + '\r\n'
}

async function generate(path, bytes) {
  const out = createWriteStream(path)
  let written = 0
  let i = 0
  const write = (s) => new Promise((resolve) => (out.write(s) ? resolve() : out.once('drain', resolve)))
  await write('\uFEFF' + HEADER.join(',') + '\r\n')
  while (written < bytes) {
    let chunk = ''
    for (let k = 0; k < 2000; k++) chunk += row(i++)
    written += Buffer.byteLength(chunk)
    await write(chunk)
  }
  await new Promise((resolve) => out.end(resolve))
  return i
}

async function parse(path) {
  const root = join(fileURLToPath(import.meta.url), '..', '..')
  const {csvParser} = await import(pathToFileURL(join(root, 'dist/parsers/csv/index.js')).href)
  const {ASSUMED_UTC} = await import(pathToFileURL(join(root, 'dist/model/time.js')).href)
  let peak = 0
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50)
  let rows = 0
  let issues = 0
  let withTime = 0
  const start = process.hrtime.bigint()
  const cpu0 = process.cpuUsage()
  const ctx = {path, zone: ASSUMED_UTC, issue: () => issues++, countRecords: () => {}}
  for await (const e of csvParser.parse(path, ctx)) {
    rows++
    if (e.time) withTime++
  }
  const seconds = Number(process.hrtime.bigint() - start) / 1e9
  const cpu = process.cpuUsage(cpu0)
  const cpuSeconds = (cpu.user + cpu.system) / 1e6
  clearInterval(timer)
  peak = Math.max(peak, process.memoryUsage().rss, process.resourceUsage().maxRSS * 1024)
  const mb = statSync(path).size / 1048576
  console.log(JSON.stringify({file: path, sizeMB: Math.round(mb), rows, withTime, issues, seconds: +seconds.toFixed(1),
    mbPerSecond: +(mb / seconds).toFixed(1), rowsPerSecond: Math.round(rows / seconds), peakRssMB: Math.round(peak / 1048576),
    // The machine may be shared: CPU time says what the parser itself costs.
    cpuSeconds: +cpuSeconds.toFixed(1), mbPerCpuSecond: +(mb / cpuSeconds).toFixed(1)}))
}

if (process.argv[2] === '--parse') {
  await parse(process.argv[3])
} else {
  const sizeMB = Number(process.argv[2] ?? 1024)
  const path = join(tmpdir(), `bitstrail-bench-${sizeMB}MB.csv`)
  if (!existsSync(path) || statSync(path).size < sizeMB * 1048576) {
    const t0 = Date.now()
    const rows = await generate(path, sizeMB * 1048576)
    console.log(`generated ${path}: ${rows} rows, ${Math.round(statSync(path).size / 1048576)} MB in ${((Date.now() - t0) / 1000).toFixed(1)} s`)
  }
  // Parse in a fresh process so its peak RSS is the parser's alone.
  const r = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--parse', path], {stdio: 'inherit'})
  if (process.env.BITSTRAIL_BENCH_KEEP !== '1') unlinkSync(path)
  process.exitCode = r.status ?? 1
}
