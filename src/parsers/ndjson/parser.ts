/** NDJSON (one document per line) and whole-document JSON exports → events, streamed. */

import type {ArtefactKind, TriageEvent} from '../../model/event.js'
import {IssueLimiter} from '../csv/issue-limit.js'
import {decodedChunks} from '../csv/text-source.js'
import type {ArtefactParser, ParseContext} from '../types.js'
import type {MapOptions} from '../windows-event/mapped.js'
import {documentToEvent, type DocumentContext} from './documents.js'
import {JsonElementStream} from './json-stream.js'
import {BoundedLineSplitter} from './lines.js'

export interface JsonParserOptions {
  /** Longest NDJSON line, or longest single document of a JSON file, in characters; default 16 MiB. */
  maxDocumentChars?: number
  map?: MapOptions
}

export const DEFAULT_MAX_DOCUMENT_CHARS = 16 << 20

function searchHits(value: unknown): unknown[] | undefined {
  if (typeof value !== 'object' || value === null) return undefined
  const hits = (value as {hits?: {hits?: unknown}}).hits?.hits
  return Array.isArray(hits) ? hits : undefined
}

type Piece = {text: string; line: number} | {error: string; line: number}

/** Shared per-file state: turns pieces (lines or JSON elements) into events and reports the rest. */
class DocumentReader {
  private record = 0
  private badTimes = 0
  private firstBadTime: {line: number; text: string} | undefined
  private readonly docs: DocumentContext
  private readonly issues: IssueLimiter

  constructor(
    private readonly ctx: ParseContext,
    kind: ArtefactKind,
    options: JsonParserOptions,
  ) {
    this.issues = new IssueLimiter(ctx)
    this.docs = {
      path: ctx.path,
      kind,
      zone: ctx.zone,
      targets: new Map(),
      ...(options.map ? {map: options.map} : {}),
      issue: (severity, reason, line) => this.issues.issue({severity, line, reason}),
      onBadTime: (text, line) => {
        this.badTimes++
        this.firstBadTime ??= {line, text}
      },
    }
  }

  /** The events of one line or document (several for a _search response); none for a blank or a bad one. */
  read(piece: Piece, what: string): TriageEvent[] {
    if ('error' in piece) {
      this.issues.issue({severity: 'error', line: piece.line, reason: piece.error})
      return []
    }
    const text = piece.text.trim()
    if (text === '') return []
    let value: unknown
    try {
      value = JSON.parse(text)
    } catch (err) {
      this.issues.issue({severity: 'error', line: piece.line, reason: `${what} is not valid JSON: ${(err as Error).message}`})
      return []
    }
    const events: TriageEvent[] = []
    // a whole _search response: its hits
    for (const doc of searchHits(value) ?? [value]) {
      const event = this.toEvent(doc, piece.line, what)
      if (event) events.push(event)
    }
    return events
  }

  private toEvent(value: unknown, line: number, what: string): TriageEvent | undefined {
    const result = documentToEvent(value, line, this.record + 1, this.docs)
    if ('error' in result) {
      this.issues.issue({severity: 'error', line, reason: `${what} skipped: ${result.error}`})
      return undefined
    }
    if ('skip' in result) return undefined
    this.record++
    this.ctx.countRecords(1)
    return result.event
  }

  finish(): void {
    if (this.firstBadTime) {
      this.ctx.issue({
        severity: 'warning',
        line: this.firstBadTime.line,
        reason: `${this.badTimes} document(s) have a time that could not be read (first: "${this.firstBadTime.text.slice(0, 60)}"); their events have no time`,
      })
    }
    this.issues.finish()
  }
}

function chunkOptions(ctx: ParseContext) {
  return {...(ctx.signal ? {signal: ctx.signal} : {}), ...(ctx.progress ? {onBytes: (n: number) => ctx.progress?.(n)} : {})}
}

async function* parseNdjson(filePath: string, ctx: ParseContext, options: JsonParserOptions): AsyncGenerator<TriageEvent> {
  const lines = new BoundedLineSplitter(options.maxDocumentChars ?? DEFAULT_MAX_DOCUMENT_CHARS)
  const reader = new DocumentReader(ctx, 'ndjson', options)
  for await (const chunk of decodedChunks(filePath, chunkOptions(ctx))) {
    for (const line of lines.push(chunk)) {
      yield* reader.read(line, 'line')
    }
  }
  for (const line of lines.end()) {
    yield* reader.read(line, 'line')
  }
  reader.finish()
}

async function* parseJson(filePath: string, ctx: ParseContext, options: JsonParserOptions): AsyncGenerator<TriageEvent> {
  const elements = new JsonElementStream(options.maxDocumentChars ?? DEFAULT_MAX_DOCUMENT_CHARS)
  const reader = new DocumentReader(ctx, 'json', options)
  for await (const chunk of decodedChunks(filePath, chunkOptions(ctx))) {
    for (const element of elements.push(chunk)) {
      yield* reader.read(element, 'document')
    }
  }
  for (const element of elements.end()) yield* reader.read(element, 'document')
  reader.finish()
}

export function createNdjsonParser(options: JsonParserOptions = {}): ArtefactParser {
  return {kind: 'ndjson', parse: (filePath, ctx) => parseNdjson(filePath, ctx, options)}
}

export function createJsonParser(options: JsonParserOptions = {}): ArtefactParser {
  return {kind: 'json', parse: (filePath, ctx) => parseJson(filePath, ctx, options)}
}

export const ndjsonParser: ArtefactParser = createNdjsonParser()
export const jsonParser: ArtefactParser = createJsonParser()
