#!/usr/bin/env node
// EVTX throughput and memory benchmark (`npm run bench:evtx`, after `npm run build`).
//
// Builds a 200 MB log (../shared/tools/evtx-stitch.py over ../shared/corpus when present — real chunks every peer
// reads whole — else the synthetic writer), then measures in child processes, so peak RSS is the child's own:
//   - JSONL output to /dev/null (the `bitstrail evtx` code path: exportEvtx), 1 thread and all threads
//   - the model-only fast path (records → WinEventRecord, no XML/JSON), 1 thread and all threads
//   - `evtxexport -f xml` on the same file, when installed, and the ratios against it
// and a 1 GB run (stitched 1024 MB) reporting peak RSS (target < 200 MB). Times are wall clock from after the
// modules are loaded; CPU time (all threads of the child) is shown too, as the box may be shared.
//
// Options: --size MB (200), --big MB (1024, 0 to skip), --no-peer (skip evtxexport), --keep (keep the files),
//          --synthetic (use the writer even when the corpus is there),
//          --dir DIR (work folder, default $TMPDIR/bitstrail-bench), --json (print the results as JSON too).
// Environment: BITSTRAIL_BENCH_DIR overrides --dir.

import {spawn, spawnSync} from 'node:child_process'
import {createWriteStream, existsSync, mkdirSync, rmSync, statSync} from 'node:fs'
import {availableParallelism, tmpdir} from 'node:os'
import {dirname, join, resolve} from 'node:path'
import {fileURLToPath, pathToFileURL} from 'node:url'

const here = dirname(fileURLToPath(import.meta.url))
const root = resolve(here, '..')
const dist = join(root, 'dist')
const shared = resolve(root, '../shared')
const stitchTool = join(shared, 'tools/evtx-stitch.py')
const corpus = join(shared, 'corpus')
const PYTHON = '/usr/bin/python3'
const EVTXEXPORT = '/usr/bin/evtxexport'

const TARGET_JSONL = 10
const TARGET_MODEL = 25
const TARGET_RSS_MB = 200

// ---------------------------------------------------------------------------------------------------------------
// Child mode: `node bench/evtx.mjs --child MODE FILE THREADS` prints one JSON line with its own numbers.

async function child(mode, file, threads) {
  const evtx = await import(pathToFileURL(join(dist, 'parsers/evtx/index.js')).href)
  const {exportEvtx} = await import(pathToFileURL(join(dist, 'report/evtx-output.js')).href)
  const started = process.hrtime.bigint()
  const cpu0 = process.cpuUsage()
  let records = 0
  let issues = 0
  if (mode === 'jsonl') {
    const out = createWriteStream('/dev/null')
    const summary = await exportEvtx({
      files: [file],
      format: 'jsonl',
      out,
      filters: {},
      threads,
      onIssue: () => issues++,
      onFileError: (_p, m) => {
        throw new Error(m)
      },
    })
    records = summary.records
    await new Promise((r) => out.end(r))
  } else {
    // as the triage parser consumes it: chunk by chunk, each chunk's WinEventRecords
    const stream = evtx.readEvtxChunks(file, {output: 'win-event', meta: false, threads, onIssue: () => issues++})
    for await (const c of stream) records += c.events?.length ?? 0
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9
  const cpu = process.cpuUsage(cpu0)
  const cpuSeconds = (cpu.user + cpu.system) / 1e6
  process.stdout.write(`${JSON.stringify({mode, threads, records, issues, seconds, cpuSeconds, maxRssKb: process.resourceUsage().maxRSS})}\n`)
}

// ---------------------------------------------------------------------------------------------------------------
// Parent

function arg(name, fallback) {
  const i = process.argv.indexOf(name)
  return i >= 0 && process.argv[i + 1] !== undefined ? process.argv[i + 1] : fallback
}

const fmt = (n, d = 1) => n.toLocaleString('en-US', {minimumFractionDigits: d, maximumFractionDigits: d})

function runChild(mode, file, threads) {
  return new Promise((res, rej) => {
    const p = spawn(process.execPath, [fileURLToPath(import.meta.url), '--child', mode, file, String(threads)], {stdio: ['ignore', 'pipe', 'inherit']})
    let out = ''
    p.stdout.on('data', (d) => (out += d))
    p.on('error', rej)
    p.on('close', (code) => {
      if (code !== 0) return rej(new Error(`child ${mode}/${threads} exited ${code}`))
      res(JSON.parse(out.trim().split('\n').pop()))
    })
  })
}

/** Runs evtxexport -f xml FILE > /dev/null; wall time, CPU time and peak RSS (GNU time when present). */
function runEvtxexport(file) {
  const started = process.hrtime.bigint()
  const useTime = existsSync('/usr/bin/time')
  const r = useTime
    ? spawnSync('/usr/bin/time', ['-f', '%M %U %S', EVTXEXPORT, '-f', 'xml', file], {stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8', maxBuffer: 1 << 26})
    : spawnSync(EVTXEXPORT, ['-f', 'xml', file], {stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8', maxBuffer: 1 << 26})
  const seconds = Number(process.hrtime.bigint() - started) / 1e9
  const [rss, user, sys] = useTime ? (r.stderr ?? '').trim().split('\n').pop().split(' ').map(Number) : [NaN, NaN, NaN]
  return {status: r.status, seconds, cpuSeconds: user + sys, maxRssKb: rss}
}

async function buildFile(path, mb) {
  if (existsSync(path) && statSync(path).size >= mb * 1e6 * 0.9) return {how: 'reused'}
  if (!process.argv.includes('--synthetic') && existsSync(PYTHON) && existsSync(stitchTool) && existsSync(corpus)) {
    const r = spawnSync(PYTHON, [stitchTool, path, String(mb), '--clean', corpus], {encoding: 'utf8'})
    if (r.status === 0) return {how: `stitched from the corpus (${r.stdout.trim()})`}
    process.stderr.write(`evtx-stitch failed (${r.stderr.trim()}); using the synthetic writer\n`)
  }
  const {writeEvtxFile, syntheticEvents} = await import(pathToFileURL(join(dist, 'parsers/evtx/writer.js')).href)
  // about 85 synthetic records fill a 64 KiB chunk
  const res = writeEvtxFile(path, syntheticEvents(Math.ceil((mb * 1048576) / 65536) * 85, 42))
  return {how: `synthetic writer (${res.chunks} chunks, ${res.records} records)`}
}

async function main() {
  if (!existsSync(join(dist, 'parsers/evtx/index.js')) || !existsSync(join(dist, 'report/evtx-output.js'))) {
    process.stderr.write('bench/evtx: dist/ is missing; run `npm run build` first\n')
    process.exit(2)
  }
  const sizeMb = Number(arg('--size', '200'))
  const bigMb = Number(arg('--big', '1024'))
  const dir = process.env.BITSTRAIL_BENCH_DIR ?? arg('--dir', join(tmpdir(), 'bitstrail-bench'))
  const peer = !process.argv.includes('--no-peer') && existsSync(EVTXEXPORT)
  const cores = availableParallelism()
  mkdirSync(dir, {recursive: true})
  const synthetic = process.argv.includes('--synthetic') ? '-synthetic' : ''
  const file = join(dir, `bench-${sizeMb}${synthetic}.evtx`)
  const built = await buildFile(file, sizeMb)
  const bytes = statSync(file).size
  const mb = bytes / 1048576
  console.log(`file: ${file}, ${fmt(mb)} MiB, ${built.how}`)
  console.log(`machine: ${cores} cores, node ${process.version}`)

  const results = {file, bytes, runs: [], peer: undefined, big: undefined}
  const line = (label, r) =>
    console.log(
      `${label.padEnd(28)} ${fmt(r.seconds, 2).padStart(7)} s wall ${fmt(r.cpuSeconds, 2).padStart(7)} s CPU  ${fmt(mb / r.seconds).padStart(7)} MiB/s  ${fmt(r.records / r.seconds, 0).padStart(9)} rec/s  peak RSS ${fmt(r.maxRssKb / 1024)} MiB`,
    )
  for (const mode of ['jsonl', 'model']) {
    for (const threads of [...new Set([1, cores])]) {
      const r = await runChild(mode, file, threads)
      results.runs.push(r)
      line(`${mode === 'jsonl' ? 'JSONL → /dev/null' : 'model-only fast path'}, ${threads} thr`, r)
    }
  }
  if (peer) {
    const p = runEvtxexport(file)
    results.peer = p
    const records = results.runs[0].records
    line('evtxexport -f xml', {...p, records})
    if (p.status !== 0) console.log(`evtxexport exited ${p.status}`)
    console.log('speed ratios against evtxexport (same file, this run; wall time, and CPU time for one thread):')
    for (const r of results.runs) {
      const ratio = p.seconds / r.seconds
      const cpuRatio = p.cpuSeconds / r.cpuSeconds
      const target = r.mode === 'jsonl' ? TARGET_JSONL : TARGET_MODEL
      r.ratio = ratio
      if (r.threads === 1) r.cpuRatio = cpuRatio
      console.log(
        `  ${(r.mode === 'jsonl' ? 'JSONL' : 'model').padEnd(6)} ${r.threads} thr: ${fmt(ratio, 2)}× wall${r.threads === 1 ? `, ${fmt(cpuRatio, 2)}× CPU (target ≥ ${target}× on one thread: ${ratio >= target ? 'met' : 'MISSED'})` : ''}`,
      )
    }
  } else {
    console.log('evtxexport not installed (Debian libevtx-utils) or --no-peer: no ratios')
  }

  if (bigMb > 0) {
    const big = join(dir, `bench-${bigMb}${synthetic}.evtx`)
    const how = await buildFile(big, bigMb)
    const bigSize = statSync(big).size
    console.log(`1 GB run: ${big}, ${fmt(bigSize / 1048576)} MiB, ${how.how}`)
    const r = await runChild('jsonl', big, cores)
    const m = await runChild('model', big, cores)
    results.big = {bytes: bigSize, jsonl: r, model: m}
    for (const [label, x] of [['JSONL', r], ['model', m]]) {
      console.log(
        `  ${label.padEnd(6)} ${cores} thr: ${fmt(x.seconds, 2)} s, ${fmt(bigSize / 1048576 / x.seconds)} MiB/s, peak RSS ${fmt(x.maxRssKb / 1024)} MiB (target < ${TARGET_RSS_MB}: ${x.maxRssKb / 1024 < TARGET_RSS_MB ? 'met' : 'MISSED'})`,
      )
    }
    if (!process.argv.includes('--keep')) rmSync(big, {force: true})
  }
  if (!process.argv.includes('--keep')) rmSync(file, {force: true})
  if (process.argv.includes('--json')) console.log(JSON.stringify(results))
}

if (process.argv[2] === '--child') {
  await child(process.argv[3], process.argv[4], Number(process.argv[5]))
} else {
  await main()
}
