/**
 * Reads the text of `bitsadmin /list [/allusers] [/verbose]` or `/info JOB [/verbose]` into jobs.
 *
 * Wrapped values: a line that starts with no label continues the previous one. It is joined directly when the
 * previous line is at least 80 characters long (wrapped at the console width, possibly mid-word) and with a line
 * break otherwise (a value that holds several lines, such as a description). Job file lines are always joined directly.
 */

import type {BitsJobFacet, BitsJobFile} from '../../model/event.js'
import type {ParseIssue} from '../../model/issue.js'
import {wallClockToIso, type SourceZone} from '../../model/time.js'
import {collectOrderEvidence, inferOrder, parseListingDate} from './dates.js'
import {isBoilerplate, labelAt, splitPairs, type Label} from './labels.js'
import {splitNotifyCommandLine} from './notify.js'

export interface BitsadminJob {
  facet: BitsJobFacet
  /** 1-based line where the job starts. */
  line: number
  /** Every field as printed, by label (job files under `JOB FILES`, one per line). */
  data: Record<string, string>
  /** UTC ISO of the modification time, else the creation time. */
  time?: string
}

export interface BitsadminListing {
  jobs: BitsadminJob[]
  /** `Listed N job(s).` when present. */
  listed?: number
  issues: Array<Omit<ParseIssue, 'path'>>
}

export interface ListingOptions {
  /** Zone in which the listing's zone-less times are read. */
  zone: SourceZone
}

const WRAP_WIDTH = 80
/** A `/list` line is short; longer lines are not tried against PLAIN, whose backtracking grows with the length. */
const MAX_PLAIN_LINE = 4096
const GUID = /^\{[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}\}$/
const PLAIN = /^(\{[0-9A-Fa-f-]{36}\})\s+(.*?)\s+([A-Z_]+)\s+(\d+|UNKNOWN)\s*\/\s*(\d+|UNKNOWN)\s+(\d+|UNKNOWN)\s*\/\s*(\d+|UNKNOWN)\s*$/
const FILE_LINE = /^(\d+|UNKNOWN)\s*\/\s*(\d+|UNKNOWN)\s+([A-Z_]+)\s+(.+)$/
const UNKNOWN_LABEL = /^([A-Z][A-Z ]{1,40}):(?:\s|$)/
/** Windows 10 prints, per job, `Peercaching flags` then tab-indented `Enable download from peers      :false` lines. */
const PEER_HEADER = /^Peer ?caching flags:?$/i
const PEER_FLAG = /^([A-Za-z][A-Za-z ]*?)\s*:\s*(.*)$/
const PEER_NAMES: Readonly<Record<string, string>> = {
  'enable download from peers': 'peerDownload',
  'enable serving to peers': 'peerServe',
}
const DATE_LABELS = ['CREATION TIME', 'MODIFICATION TIME', 'COMPLETION TIME'] as const

interface Entry {
  kind: 'field' | 'file' | 'other'
  text: string
  line: number
}

interface RawJob {
  line: number
  entries: Entry[]
  /** Labels that start a line of this job, to notice a second job whose GUID line is missing. */
  labels: Set<Label>
  /** Fields outside the `KEY: value` layout (the Windows 10 peer-caching block). */
  extra: Record<string, string>
  plain?: RegExpExecArray
}

type Issue = Omit<ParseIssue, 'path'>

export function parseBitsadminListing(text: string, options: ListingOptions): BitsadminListing {
  const issues: Issue[] = []
  const raw: RawJob[] = []
  let listed: number | undefined
  let job: RawJob | undefined
  let last: Entry | undefined
  let inFiles = false
  let inPeer = false
  let prevLength = 0

  const lines = (text.charCodeAt(0) === 0xfeff ? text.slice(1) : text).split(/\r?\n/)
  for (let i = 0; i < lines.length; i++) {
    const lineNo = i + 1
    const physical = lines[i]!
    const trimmed = physical.trim()
    const previousLength = prevLength
    prevLength = physical.length
    if (trimmed === '') {
      last = undefined
      continue
    }
    if (isBoilerplate(trimmed)) continue
    const listedMatch = /^Listed (\d+) job\(s\)\.?$/i.exec(trimmed)
    if (listedMatch) {
      listed = Number(listedMatch[1])
      job = undefined
      last = undefined
      continue
    }
    if (/^Unable to /i.test(trimmed)) {
      issues.push({severity: 'error', line: lineNo, reason: `bitsadmin reported: ${trimmed}`})
      last = undefined
      continue
    }
    const plain = trimmed.length <= MAX_PLAIN_LINE ? PLAIN.exec(trimmed) : null
    if (plain) {
      raw.push({line: lineNo, entries: [], labels: new Set(), extra: {}, plain})
      job = undefined
      last = undefined
      continue
    }
    if (job && PEER_HEADER.test(trimmed)) {
      inPeer = true
      inFiles = false
      last = undefined
      continue
    }
    const at = labelAt(trimmed)
    const peer = job && inPeer && !at ? PEER_FLAG.exec(trimmed) : null
    if (job && peer) {
      const name = peer[1]!
      job.extra[PEER_NAMES[name.toLowerCase()] ?? name] = peer[2]!.trim()
      last = undefined
      continue
    }
    if (at) {
      inPeer = false
      if (at.label === 'GUID' || !job || job.labels.has(at.label)) {
        if (at.label !== 'GUID') issues.push({severity: 'warning', line: lineNo, reason: 'job fields without a GUID line before them (the listing may be cut): read as a job without id'})
        job = {line: lineNo, entries: [], labels: new Set(), extra: {}}
        raw.push(job)
      }
      job.labels.add(at.label)
      last = {kind: 'field', text: physical.trimStart(), line: lineNo}
      job.entries.push(last)
      inFiles = at.label === 'JOB FILES'
      continue
    }
    if (job && inFiles && FILE_LINE.test(trimmed)) {
      last = {kind: 'file', text: physical.trimStart(), line: lineNo}
      job.entries.push(last)
      continue
    }
    const wrapped = last !== undefined && (last.kind === 'file' || previousLength >= WRAP_WIDTH)
    // A label this parser does not know (from another bitsadmin version) starts a field of its own, unless the
    // line above was cut at the console width.
    if (job && !wrapped && UNKNOWN_LABEL.test(trimmed)) {
      last = {kind: 'other', text: trimmed, line: lineNo}
      job.entries.push(last)
      inFiles = false
      continue
    }
    if (job && last) {
      last.text = wrapped ? last.text + physical : `${last.text.trimEnd()}\n${trimmed}`
      continue
    }
    issues.push({severity: 'warning', line: lineNo, reason: `unrecognised line "${trimmed.length > 60 ? `${trimmed.slice(0, 60)}...` : trimmed}" ignored`})
    last = undefined
  }

  const dateTexts: string[] = []
  const fieldsOf = raw.map(r => collectFields(r, issues))
  for (const f of fieldsOf) for (const label of DATE_LABELS) if (f.fields[label] !== undefined) dateTexts.push(f.fields[label]!.value)
  const order = inferOrder(collectOrderEvidence(dateTexts))

  const jobs = raw.map((r, k) => (r.plain ? plainJob(r.plain, r.line) : verboseJob(r, fieldsOf[k]!, {order, zone: options.zone, issues})))
  if (listed !== undefined && listed !== jobs.length) {
    issues.push({severity: 'warning', reason: `the listing says "Listed ${listed} job(s)" but ${jobs.length} job(s) were read`})
  }
  return listed === undefined ? {jobs, issues} : {jobs, listed, issues}
}

interface Fields {
  fields: Partial<Record<Label, {value: string; line: number}>>
  files: Entry[]
  other: Record<string, string>
}

function collectFields(job: RawJob, issues: Issue[]): Fields {
  const out: Fields = {fields: {}, files: [], other: {}}
  for (const entry of job.entries) {
    if (entry.kind === 'file') {
      out.files.push(entry)
      continue
    }
    if (entry.kind === 'other') {
      const m = UNKNOWN_LABEL.exec(entry.text)!
      out.other[m[1]!] = entry.text.slice(m[0].length).trim()
      continue
    }
    for (const pair of splitPairs(entry.text)) {
      if (out.fields[pair.label] !== undefined) {
        issues.push({severity: 'warning', line: entry.line, reason: `${pair.label} given twice for one job: the first value is kept`})
        continue
      }
      out.fields[pair.label] = {value: pair.value, line: entry.line}
    }
  }
  return out
}

function unquote(text: string): string {
  return text.length >= 2 && text.startsWith("'") && text.endsWith("'") ? text.slice(1, -1) : text
}

function count(text: string): number | undefined {
  return /^\d+$/.test(text) ? Number(text) : undefined
}

/** `3 / 7` or `0 / UNKNOWN` → numbers (UNKNOWN → undefined). */
function ratio(text: string): {done?: number; total?: number} | undefined {
  const m = /^(\d+|UNKNOWN)\s*\/\s*(\d+|UNKNOWN)$/i.exec(text)
  if (!m) return undefined
  const out: {done?: number; total?: number} = {}
  const done = count(m[1]!)
  const total = count(m[2]!)
  if (done !== undefined) out.done = done
  if (total !== undefined) out.total = total
  return out
}

function plainJob(m: RegExpExecArray, line: number): BitsadminJob {
  const facet: BitsJobFacet = {id: m[1]!.toUpperCase(), title: unquote(m[2]!), state: m[3]!}
  const files = ratio(`${m[4]} / ${m[5]}`)
  const bytes = ratio(`${m[6]} / ${m[7]}`)
  if (files?.total !== undefined) facet.fileCount = files.total
  if (bytes?.done !== undefined) facet.bytesTransferred = bytes.done
  if (bytes?.total !== undefined) facet.bytesTotal = bytes.total
  return {facet, line, data: {GUID: m[1]!, DISPLAY: m[2]!, STATE: m[3]!, FILES: `${m[4]} / ${m[5]}`, BYTES: `${m[6]} / ${m[7]}`}}
}

function jobFile(text: string): BitsJobFile | undefined {
  const m = FILE_LINE.exec(text)
  if (!m) return undefined
  const rest = m[4]!
  const arrow = rest.lastIndexOf(' -> ')
  const file: BitsJobFile = arrow < 0 ? {url: rest.trim()} : {url: rest.slice(0, arrow).trim(), local: rest.slice(arrow + 4).trim()}
  const done = count(m[1]!)
  const total = count(m[2]!)
  if (done !== undefined) file.bytesTransferred = done
  if (total !== undefined) file.bytesTotal = total
  file.state = m[3]!
  return file
}

function verboseJob(job: RawJob, f: Fields, ctx: {order: ReturnType<typeof inferOrder>; zone: SourceZone; issues: Issue[]}): BitsadminJob {
  const facet: BitsJobFacet = {}
  const data: Record<string, string> = {}
  for (const [label, field] of Object.entries(f.fields)) data[label] = field.value
  Object.assign(data, f.other, job.extra)
  const value = (label: Label): string | undefined => {
    const v = f.fields[label]?.value
    return v === undefined || v === '' ? undefined : v
  }
  const numberField = (label: Label): number | undefined => {
    const v = value(label)
    if (v === undefined) return undefined
    const n = count(v)
    if (n === undefined) ctx.issues.push({severity: 'warning', line: f.fields[label]!.line, reason: `${label} is not a number: "${v}"`})
    return n
  }

  const guid = value('GUID')
  if (guid !== undefined) {
    if (GUID.test(guid)) facet.id = guid.toUpperCase()
    else ctx.issues.push({severity: 'warning', line: f.fields.GUID!.line, reason: `GUID "${guid}" is not a GUID`})
  }
  const display = f.fields.DISPLAY?.value
  if (display !== undefined) facet.title = unquote(display)
  const simple: Array<[Label, 'type' | 'state' | 'owner' | 'priority' | 'notifyFlags' | 'description' | 'errorContext' | 'errorFile' | 'integrity' | 'proxyUsage' | 'proxyList']> = [
    ['TYPE', 'type'],
    ['STATE', 'state'],
    ['OWNER', 'owner'],
    ['PRIORITY', 'priority'],
    ['NOTIFICATION FLAGS', 'notifyFlags'],
    ['DESCRIPTION', 'description'],
    ['ERROR CONTEXT', 'errorContext'],
    ['ERROR FILE', 'errorFile'],
    ['owner MIC integrity level', 'integrity'],
    ['PROXY USAGE', 'proxyUsage'],
    ['PROXY LIST', 'proxyList'],
  ]
  for (const [label, key] of simple) {
    const v = value(label)
    if (v !== undefined && !(key === 'proxyList' && /^NULL$/i.test(v))) facet[key] = v
  }
  const files = value('FILES')
  const fileRatio = files === undefined ? undefined : ratio(files)
  if (files !== undefined && !fileRatio) ctx.issues.push({severity: 'warning', line: f.fields.FILES!.line, reason: `FILES is not "n / m": "${files}"`})
  if (fileRatio?.total !== undefined) facet.fileCount = fileRatio.total
  const bytes = value('BYTES')
  const byteRatio = bytes === undefined ? undefined : ratio(bytes)
  if (bytes !== undefined && !byteRatio) ctx.issues.push({severity: 'warning', line: f.fields.BYTES!.line, reason: `BYTES is not "n / m": "${bytes}"`})
  if (byteRatio?.done !== undefined) facet.bytesTransferred = byteRatio.done
  if (byteRatio?.total !== undefined) facet.bytesTotal = byteRatio.total
  const retry = numberField('RETRY DELAY')
  if (retry !== undefined) facet.retryDelaySeconds = retry
  const timeout = numberField('NO PROGRESS TIMEOUT')
  if (timeout !== undefined) facet.noProgressTimeoutSeconds = timeout
  const errors = numberField('ERROR COUNT')
  if (errors !== undefined) facet.errorCount = errors
  const errorCode = value('ERROR CODE')
  if (errorCode !== undefined) {
    const hr = /^(0x[0-9a-fA-F]{1,8})\b/.exec(errorCode)
    facet.errorCode = hr ? hr[1]! : errorCode
    if (hr) facet.hresult = hr[1]!
  }
  const elevated = value('owner elevated ?')
  if (elevated !== undefined) {
    if (/^true$/i.test(elevated)) facet.elevated = true
    else if (/^false$/i.test(elevated)) facet.elevated = false
    else ctx.issues.push({severity: 'warning', line: f.fields['owner elevated ?']!.line, reason: `owner elevated ? is neither true nor false: "${elevated}"`})
  }
  const notify = value('NOTIFICATION COMMAND LINE')
  if (notify !== undefined) {
    const split = splitNotifyCommandLine(notify)
    if (split) {
      facet.notifyCommandLine = notify
      if (split.program !== undefined) facet.notifyProgram = split.program
      if (split.parameters !== undefined) facet.notifyParameters = split.parameters
    }
  }

  const jobFiles: BitsJobFile[] = []
  for (const entry of f.files) {
    const file = jobFile(entry.text)
    if (file) jobFiles.push(file)
    else ctx.issues.push({severity: 'warning', line: entry.line, reason: `unreadable job file line "${entry.text}"`})
  }
  if (f.files.length > 0) {
    facet.files = jobFiles
    data['JOB FILES'] = f.files.map(e => e.text.trim()).join('\n')
  }

  for (const [label, key] of [['CREATION TIME', 'created'], ['MODIFICATION TIME', 'modified'], ['COMPLETION TIME', 'completed']] as const) {
    const field = f.fields[label]
    if (!field) continue
    const parsed = parseListingDate(field.value, ctx.order)
    if (parsed.kind === 'wall') {
      const iso = wallClockToIso(parsed.wall, ctx.zone)
      if (iso) facet[key] = iso
    } else if (parsed.kind !== 'none') {
      ctx.issues.push({severity: 'warning', line: field.line, reason: `${label}: ${parsed.reason}`})
    }
  }
  const time = facet.modified ?? facet.created
  const result: BitsadminJob = {facet, line: job.line, data}
  if (time !== undefined) result.time = time
  return result
}
