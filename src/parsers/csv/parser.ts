/** CSV exports (EvtxECmd, Kibana/Elastic ECS, generic Windows-event columns) → events, streamed. */

import type {TriageEvent} from '../../model/event.js'
import type {ArtefactParser, ParseContext} from '../types.js'
import {eventDataFromPayload} from '../windows-event/event-json.js'
import {assignField, emptyExportFields, type FieldTarget} from '../windows-event/export-fields.js'
import {exportToEvent} from '../windows-event/export-event.js'
import type {MapOptions} from '../windows-event/mapped.js'
import {columnTargets, sniffCsvHeader, type CsvFlavor} from './flavor.js'
import {CsvRecordFramer, type FramedRecord} from './framer.js'
import type {CsvMapping} from './mapping-file.js'
import {IssueLimiter} from './issue-limit.js'
import {CsvRowParser} from './row-parser.js'
import {decodedChunks} from './text-source.js'

export interface CsvParserOptions {
  /** Column overrides from a `--map` file (loadCsvMapping). */
  mapping?: CsvMapping
  /** Flavor for a header that is not recognised; without it such a file is reported and not read. */
  flavor?: CsvFlavor
  /** Longest record (characters) before it is reported as damaged; default 8 MiB. */
  maxRecordChars?: number
  /** Passed to mapWinEvent (e.g. the task XML reader for Security 4698/4702). */
  map?: MapOptions
}

export const DEFAULT_MAX_RECORD_CHARS = 8 << 20

interface Header {
  columns: string[]
  targets: FieldTarget[][]
  flavor: CsvFlavor
  rows: CsvRowParser
}

/** Per-file state of one parse; nothing lives beyond it. */
class CsvFileReader {
  header: Header | undefined
  stopped = false
  rowNumber = 0
  badTimes = 0
  firstBadTime: {line: number; text: string} | undefined

  private readonly issues: IssueLimiter

  constructor(
    private readonly ctx: ParseContext,
    private readonly framer: CsvRecordFramer,
    private readonly options: CsvParserOptions,
  ) {
    this.issues = new IssueLimiter(ctx)
  }

  /** One framed record → an event, or undefined for the header and for damaged rows (reported). */
  read(rec: FramedRecord): TriageEvent | undefined {
    if (this.stopped) return undefined
    if ('error' in rec) {
      this.issues.issue({severity: 'error', line: rec.line, reason: `CSV record skipped: ${rec.error}`})
      if (!this.header) this.stop(rec.line, 'the header line is damaged')
      return undefined
    }
    if (!this.header) {
      this.readHeader(rec.text, rec.line)
      return undefined
    }
    return this.readRow(this.header, rec.text, rec.line)
  }

  private stop(line: number, reason: string): void {
    this.stopped = true
    this.issues.issue({severity: 'error', line, reason: `not read as CSV: ${reason}`})
  }

  /** Delimiter named by an Excel `sep=;` first line. */
  private sepLine: string | undefined = undefined

  private readHeader(text: string, line: number): void {
    const sep = line === 1 ? /^sep=([,;\t])$/i.exec(text.trim()) : null
    if (sep) {
      this.sepLine = sep[1]
      return
    }
    const sniffed = sniffCsvHeader(text, this.sepLine as ',' | ';' | '\t' | undefined)
    const flavor = sniffed?.flavor ?? this.options.flavor
    if (!flavor) {
      this.stop(line, 'the header names no EvtxECmd, ECS or Windows-event columns (use a --map file to name them)')
      return
    }
    const delimiter = this.sepLine ?? sniffed?.delimiter ?? ','
    const rows = new CsvRowParser(delimiter)
    const columns = rows.fields(text)
    if (typeof columns === 'string') {
      this.stop(line, `the header line cannot be read: ${columns}`)
      return
    }
    this.framer.delimiter = delimiter.charCodeAt(0)
    const names = columns.map((c) => c.trim())
    this.header = {columns: names, targets: columnTargets(names, flavor, this.options.mapping), flavor, rows}
  }

  private readRow(header: Header, text: string, line: number): TriageEvent | undefined {
    const values = header.rows.fields(text)
    if (typeof values === 'string') {
      this.issues.issue({severity: 'error', line, reason: `CSV row skipped: ${values}`})
      return undefined
    }
    if (values.length !== header.columns.length) {
      this.issues.issue({severity: 'error', line, reason: `CSV row skipped: ${values.length} columns where the header has ${header.columns.length}`})
      return undefined
    }
    this.rowNumber++
    const fields = emptyExportFields()
    for (let i = 0; i < values.length; i++) {
      const value = values[i]!
      if (value === '') continue
      for (const target of header.targets[i]!) {
        if (target.kind === 'model' && target.field === 'payload') this.readPayload(value, line, fields.eventData)
        else assignField(fields, target, value)
      }
    }
    const event = exportToEvent(fields, {
      source: {path: this.ctx.path, kind: 'csv', line, record: this.rowNumber},
      time: {zone: this.ctx.zone, zonelessIsUtc: header.flavor === 'evtxecmd'},
      map: {...this.options.map, issue: (severity, reason) => this.issues.issue({severity, line, reason})},
      onBadTime: (t) => {
        this.badTimes++
        this.firstBadTime ??= {line, text: t}
      },
    })
    if (header.flavor === 'evtxecmd') fillFromEvtxECmd(event, fields.extra)
    return event
  }

  private readPayload(value: string, line: number, into: Record<string, string>): void {
    let parsed: unknown
    try {
      parsed = JSON.parse(value)
    } catch (err) {
      this.issues.issue({severity: 'warning', line, reason: `Payload column is not JSON (${(err as Error).message}); EventData fields of this row are missing`})
      return
    }
    Object.assign(into, eventDataFromPayload(parsed))
  }

  finish(): void {
    if (!this.header && !this.stopped) this.issues.issue({severity: 'warning', reason: 'no CSV header line: the file is empty'})
    if (this.badTimes > 0 && this.firstBadTime) {
      this.ctx.issue({
        severity: 'warning',
        line: this.firstBadTime.line,
        reason: `${this.badTimes} row(s) have a time that could not be read (first: "${this.firstBadTime.text.slice(0, 60)}"); their events have no time`,
      })
    }
    this.issues.finish()
  }
}

/** EvtxECmd puts the process command line in ExecutableInfo; use it when the Payload gave none. */
function fillFromEvtxECmd(event: TriageEvent, extra: Record<string, string>): void {
  const exe = extra['ExecutableInfo']
  if (exe && event.action === 'process-start' && !event.process?.commandLine) event.process = {...event.process, commandLine: exe}
}

async function* parseCsv(filePath: string, ctx: ParseContext, options: CsvParserOptions): AsyncGenerator<TriageEvent> {
  const framer = new CsvRecordFramer({maxRecordChars: options.maxRecordChars ?? DEFAULT_MAX_RECORD_CHARS})
  const reader = new CsvFileReader(ctx, framer, options)
  const chunkOptions = {...(ctx.signal ? {signal: ctx.signal} : {}), ...(ctx.progress ? {onBytes: (n: number) => ctx.progress?.(n)} : {})}
  for await (const chunk of decodedChunks(filePath, chunkOptions)) {
    for (const rec of framer.push(chunk)) {
      const event = reader.read(rec)
      if (event) {
        ctx.countRecords(1)
        yield event
      }
    }
    if (reader.stopped) return
  }
  for (const rec of framer.end()) {
    const event = reader.read(rec)
    if (event) {
      ctx.countRecords(1)
      yield event
    }
  }
  reader.finish()
}

/** A CSV parser with options (a `--map` mapping, a default flavor, limits). */
export function createCsvParser(options: CsvParserOptions = {}): ArtefactParser {
  return {kind: 'csv', parse: (filePath, ctx) => parseCsv(filePath, ctx, options)}
}

export const csvParser: ArtefactParser = createCsvParser()
