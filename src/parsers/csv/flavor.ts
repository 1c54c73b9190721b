/** Recognises a CSV export by its header and says where each column goes. */

import {resolveTarget, type FieldTarget, type ModelField} from '../windows-event/export-fields.js'

export type CsvFlavor = 'evtxecmd' | 'ecs' | 'windows-event'

export interface CsvHeader {
  flavor: CsvFlavor
  delimiter: ',' | ';' | '\t'
  /** Why the header was recognised, for discovery reports. */
  reason: string
}

/** Column name (lower case) → model field, for EvtxECmd output. Other columns are kept in `data`. */
const EVTXECMD_COLUMNS: Record<string, ModelField> = {
  timecreated: 'time',
  eventid: 'eventId',
  provider: 'provider',
  channel: 'channel',
  computer: 'host',
  userid: 'userSid',
  username: 'user',
  eventrecordid: 'recordId',
  processid: 'processId',
  threadid: 'threadId',
  payload: 'payload',
}

/** Column name (lower case) → [model field, rank], for generic Windows-event exports (Get-WinEvent | Export-Csv, Sysmon exports). */
const GENERIC_COLUMNS: Record<string, [ModelField, number]> = {
  timecreated: ['time', 0],
  timegenerated: ['time', 1],
  systemtime: ['time', 1],
  time: ['time', 2],
  date: ['time', 3],
  timestamp: ['time', 2],
  utctime: ['time', 4],
  eventid: ['eventId', 0],
  event_id: ['eventId', 0],
  eventcode: ['eventId', 1],
  id: ['eventId', 2],
  providername: ['provider', 0],
  provider: ['provider', 0],
  provider_name: ['provider', 0],
  sourcename: ['provider', 1],
  source: ['provider', 2],
  logname: ['channel', 0],
  channel: ['channel', 0],
  computer: ['host', 0],
  computername: ['host', 0],
  machinename: ['host', 0],
  hostname: ['host', 1],
  recordid: ['recordId', 0],
  eventrecordid: ['recordId', 0],
  userid: ['userSid', 0],
  message: ['message', 0],
}

/** Columns whose value is also the EventData field of the same name (Sysmon's UtcTime is both a time and a field). */
const GENERIC_ALSO_EVENT_DATA = new Set(['utctime'])

const ECS_HINTS = /^(@timestamp|event\.(code|provider|action|category)|host\.name|winlog\.|process\.|user\.name|registry\.|file\.path|url\.)/
const EVENT_DATA_HINTS = new Set(['image', 'commandline', 'parentimage', 'targetobject', 'targetfilename', 'newprocessname', 'servicename', 'imagepath', 'taskname', 'jobtitle', 'processguid', 'details'])
const EVENT_ID_COLUMNS = new Set(['eventid', 'event_id', 'eventcode', 'id'])
const TIME_COLUMNS = new Set(['timecreated', 'timegenerated', 'systemtime', 'time', 'date', 'timestamp', 'utctime'])

/** Splits one header line: quoted names are unquoted; names are trimmed. */
export function splitHeaderLine(line: string, delimiter: string): string[] {
  const out: string[] = []
  let cur = ''
  let quoted = false
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        cur += '"'
        i++
      } else if (c === '"') quoted = false
      else cur += c
    } else if (c === '"' && cur.trim() === '') {
      quoted = true
      cur = ''
    } else if (c === delimiter) {
      out.push(cur.trim())
      cur = ''
    } else cur += c
  }
  out.push(cur.trim())
  return out
}

/** The delimiter of a header line: the most frequent of comma, semicolon and tab outside quotes (comma on a tie). */
export function sniffDelimiter(line: string): ',' | ';' | '\t' {
  const counts = {',': 0, ';': 0, '\t': 0}
  let quoted = false
  for (const c of line) {
    if (c === '"') quoted = !quoted
    else if (!quoted && (c === ',' || c === ';' || c === '\t')) counts[c]++
  }
  if (counts[';'] > counts[','] && counts[';'] >= counts['\t']) return ';'
  if (counts['\t'] > counts[','] && counts['\t'] > counts[';']) return '\t'
  return ','
}

/** Recognises a CSV header line: EvtxECmd output, ECS columns (Kibana / Elastic), or Windows-event columns. */
export function sniffCsvHeader(headerLine: string, knownDelimiter?: ',' | ';' | '\t'): CsvHeader | null {
  const line = headerLine.replace(/^\uFEFF/, '').replace(/[\r\n]+$/, '')
  const delimiter = knownDelimiter ?? sniffDelimiter(line)
  const columns = splitHeaderLine(line, delimiter)
  if (columns.length < 2) return null
  const lower = columns.map((c) => c.toLowerCase())
  const has = (name: string) => lower.includes(name)
  if (has('timecreated') && has('eventid') && (has('payloaddata1') || has('mapdescription') || has('payload'))) {
    return {flavor: 'evtxecmd', delimiter, reason: `EvtxECmd CSV header (TimeCreated, EventId, ${has('payloaddata1') ? 'PayloadData1' : has('mapdescription') ? 'MapDescription' : 'Payload'})`}
  }
  const ecs = columns.filter((c) => ECS_HINTS.test(c))
  if (ecs.length >= 2) return {flavor: 'ecs', delimiter, reason: `ECS columns (${ecs.slice(0, 4).join(', ')})`}
  const idColumn = columns.find((c) => EVENT_ID_COLUMNS.has(c.toLowerCase()))
  const timeColumn = columns.find((c) => TIME_COLUMNS.has(c.toLowerCase()))
  const dataColumns = columns.filter((c) => EVENT_DATA_HINTS.has(c.toLowerCase()))
  if (idColumn && (timeColumn || dataColumns.length)) {
    return {flavor: 'windows-event', delimiter, reason: `Windows event columns (${[idColumn, timeColumn, ...dataColumns].filter(Boolean).slice(0, 4).join(', ')})`}
  }
  return null
}

/** For content-based discovery: why a header line is a CSV export bitstrail reads, or null. */
export function detectCsvFlavor(headerLine: string): string | null {
  const header = sniffCsvHeader(headerLine)
  return header ? `${header.reason}, delimiter ${header.delimiter === '\t' ? 'tab' : `"${header.delimiter}"`}` : null
}

/** Where each column of a header goes; `overrides` (from a --map file) take precedence over the flavor's table. */
export function columnTargets(columns: string[], flavor: CsvFlavor, overrides: Record<string, string> = {}): FieldTarget[][] {
  return columns.map((column) => {
    const override = overrides[column]
    const keep: FieldTarget = {kind: 'extra', name: column}
    if (override !== undefined) {
      const target = resolveTarget(override)
      return target.kind === 'model' && target.field !== 'payload' && target.field !== 'ignore' ? [target, keep] : [target]
    }
    const lower = column.toLowerCase()
    switch (flavor) {
      case 'evtxecmd': {
        const field = EVTXECMD_COLUMNS[lower]
        if (field === 'payload') return [{kind: 'model', field, rank: 0}]
        return field ? [{kind: 'model', field, rank: 0}, keep] : [keep]
      }
      case 'ecs': {
        const target = resolveTarget(column)
        return target.kind === 'model' ? [target, keep] : [target]
      }
      case 'windows-event': {
        const known = GENERIC_COLUMNS[lower]
        if (!known) return [{kind: 'eventData', name: column}]
        const model: FieldTarget = {kind: 'model', field: known[0], rank: known[1]}
        return GENERIC_ALSO_EVENT_DATA.has(lower) ? [model, {kind: 'eventData', name: column}] : [model, keep]
      }
    }
  })
}
