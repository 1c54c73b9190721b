#!/usr/bin/env node
// Generates a .reg export (UTF-16LE, regedit 5.00) of about 200 MB in the temp dir, then parses it with the built
// parser (dist/, `npx tsc -p tsconfig.build.json`) in a child process and prints MB/s, values/s and its peak RSS.
// Usage: node bench/text-reg.mjs [sizeMB]
import {createWriteStream, existsSync, statSync} from 'node:fs'
import {spawnSync} from 'node:child_process'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {fileURLToPath, pathToFileURL} from 'node:url'

const RSS_LIMIT_MB = 200

async function generate(path, bytes) {
  const out = createWriteStream(path)
  const write = s => new Promise(resolve => (out.write(Buffer.from(s, 'utf16le')) ? resolve() : out.once('drain', resolve)))
  await new Promise(resolve => out.write(Buffer.from([0xff, 0xfe]), resolve))
  await write('Windows Registry Editor Version 5.00\r\n\r\n')
  let written = 0
  let values = 0
  const hex = n => Array.from({length: n}, (_, i) => ((i * 37 + n) & 0xff).toString(16).padStart(2, '0'))
  const wrap = (prefix, parts) => {
    let line = prefix
    let text = ''
    for (let i = 0; i < parts.length; i++) {
      const piece = parts[i] + (i < parts.length - 1 ? ',' : '')
      if (line.length + piece.length > 77) {
        text += `${line}\\\r\n`
        line = '  '
      }
      line += piece
    }
    return `${text}${line}\r\n`
  }
  const utf16Hex = s => [...Buffer.from(`${s}\0`, 'utf16le')].map(b => b.toString(16).padStart(2, '0'))
  for (let k = 0; written < bytes; k++) {
    let block = `[HKEY_LOCAL_MACHINE\\SOFTWARE\\Bench\\Vendor${k % 97}\\Product${k}]\r\n`
    block += `"DisplayName"="Product ${k} \\"quoted\\" \\\\ edition"\r\n`
    block += `"Version"=dword:${(k >>> 0).toString(16).padStart(8, '0')}\r\n`
    block += wrap('"InstallPath"=hex(2):', utf16Hex(`%ProgramFiles%\\Vendor${k % 97}\\Product${k}\\bin\\app.exe`))
    block += wrap('"Blob"=hex:', hex(96))
    block += wrap('"Names"=hex(7):', utf16Hex(`alpha${k}\0beta\0gamma\0`))
    block += `"Size"=hex(b):${hex(8).join(',')}\r\n`
    block += `@="default ${k}"\r\n\r\n`
    values += 7
    written += block.length * 2
    await write(block)
  }
  await new Promise(resolve => out.end(resolve))
  return values
}

async function parse(path) {
  const distUrl = pathToFileURL(join(fileURLToPath(new URL('..', import.meta.url)), 'dist/parsers/reg/index.js'))
  const {regParser} = await import(distUrl.href)
  let values = 0
  let issues = 0
  const ctx = {
    path,
    zone: {name: 'UTC', basis: 'assumed-utc', offsetMinutesAtLocal: () => 0},
    issue: () => void issues++,
    countRecords: (n = 1) => void (values += n),
  }
  const start = process.hrtime.bigint()
  let events = 0
  for await (const e of regParser.parse(path, ctx)) if (e) events++
  const seconds = Number(process.hrtime.bigint() - start) / 1e9
  const size = statSync(path).size
  const rssMb = process.resourceUsage().maxRSS / 1024
  process.stdout.write(JSON.stringify({size, seconds, values, events, issues, rssMb}) + '\n')
}

if (process.argv[2] === '--parse') {
  await parse(process.argv[3])
} else {
  const sizeMb = Number(process.argv[2] ?? 200)
  const path = join(tmpdir(), `bitstrail-bench-${sizeMb}mb.reg`)
  const target = sizeMb * 1024 * 1024
  if (!existsSync(path) || statSync(path).size < target) {
    const t0 = Date.now()
    await generate(path, target)
    console.log(`generated ${path} (${(statSync(path).size / 1048576).toFixed(1)} MB) in ${((Date.now() - t0) / 1000).toFixed(1)} s`)
  }
  if (!existsSync(fileURLToPath(new URL('../dist/parsers/reg/index.js', import.meta.url)))) {
    console.error('dist/ is missing: build first with `npx tsc -p tsconfig.build.json`')
    process.exit(2)
  }
  const child = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--parse', path], {encoding: 'utf8', maxBuffer: 1 << 20})
  if (child.status !== 0) {
    console.error(child.stderr)
    process.exit(child.status ?? 1)
  }
  const r = JSON.parse(child.stdout)
  const mb = r.size / 1048576
  console.log(`parsed ${mb.toFixed(1)} MB in ${r.seconds.toFixed(2)} s: ${(mb / r.seconds).toFixed(1)} MB/s, ${Math.round(r.values / r.seconds)} values/s`)
  console.log(`values ${r.values}, events ${r.events}, issues ${r.issues}`)
  console.log(`peak RSS ${r.rssMb.toFixed(1)} MB (limit ${RSS_LIMIT_MB} MB): ${r.rssMb < RSS_LIMIT_MB ? 'ok' : 'OVER'}`)
  if (r.rssMb >= RSS_LIMIT_MB || r.issues > 0) process.exitCode = 1
}
