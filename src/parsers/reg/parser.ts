/** Streams a .reg export (regedit 5.00 or REGEDIT4) into one event per value, with bounded memory. */

import type {RegistryFacet, TriageEvent} from '../../model/event.js'
import type {ArtefactParser, ParseContext} from '../types.js'
import {readTextLines, type TextLine} from '../text/lines.js'
import {normaliseKeyPath} from './key.js'
import {parseValueLine, readValueName, type RegFormat, type RegValueLine} from './value.js'

export interface RegParseOptions {
  /** Longest value (continuations joined) whose data is kept, in characters; default 8 Mi. */
  maxValueChars?: number
}

const HEADER_V5 = 'Windows Registry Editor Version 5.00'
const HEADER_V4 = 'REGEDIT4'
const MESSAGE_DATA_CHARS = 160

interface PendingValue {
  line: number
  offset: number
  parts: string[]
  length: number
  overflow: boolean
}

export function createRegParser(options: RegParseOptions = {}): ArtefactParser {
  const maxValueChars = options.maxValueChars ?? 8 * 1024 * 1024
  return {
    kind: 'reg',
    async *parse(filePath: string, ctx: ParseContext): AsyncIterable<TriageEvent> {
      let format: RegFormat | undefined
      let key: string | undefined
      let pending: PendingValue | undefined
      const lines = readTextLines(filePath, {
        singleByte: 'ansi',
        maxLineLength: maxValueChars,
        ...(ctx.progress ? {onProgress: ctx.progress} : {}),
        ...(ctx.signal ? {signal: ctx.signal} : {}),
      })

      const valueEvent = (p: PendingValue): TriageEvent | undefined => {
        const text = p.parts.join('')
        if (key === undefined) {
          ctx.issue({severity: 'error', line: p.line, offset: p.offset, reason: 'value line outside a [key] section: skipped'})
          return undefined
        }
        if (p.overflow) {
          const head = readValueName(text)
          const name = 'name' in head ? head.name : undefined
          ctx.issue({severity: 'warning', line: p.line, offset: p.offset, reason: `value ${name === undefined ? '' : `"${name}" `}longer than ${maxValueChars} characters: data not kept`})
          if (name === undefined) return undefined
          ctx.countRecords(1)
          return event(p, {key, value: name, operation: 'set'})
        }
        const parsed: RegValueLine = parseValueLine(text, format ?? 'regedit5')
        if (!parsed.ok) {
          ctx.issue({severity: 'error', line: p.line, offset: p.offset, reason: `${parsed.reason}: value skipped`})
          return undefined
        }
        ctx.countRecords(1)
        if (parsed.operation === 'delete-value') return event(p, {key, value: parsed.name, operation: 'delete-value'})
        if (parsed.warning) ctx.issue({severity: 'warning', line: p.line, offset: p.offset, reason: parsed.warning})
        return event(p, {key, value: parsed.name, type: parsed.type, data: parsed.data, operation: 'set'})
      }

      const event = (p: {line: number}, registry: RegistryFacet): TriageEvent => ({
        source: {path: ctx.path, kind: 'reg', line: p.line, key: registry.key},
        category: 'registry',
        action: registry.operation === 'delete-value' ? 'registry-value-deleted' : registry.operation === 'delete-key' ? 'registry-key-deleted' : 'registry-value',
        registry,
        message: describe(registry),
      })

      const flush = function* (): Generator<TriageEvent> {
        if (!pending) return
        const done = pending
        pending = undefined
        const e = valueEvent(done)
        if (e) yield e
      }

      const append = (p: PendingValue, text: string): void => {
        if (p.overflow) return
        if (p.length + text.length > maxValueChars) {
          p.overflow = true
          p.parts = [p.parts[0] ?? text.slice(0, 4096)]
          return
        }
        p.parts.push(text)
        p.length += text.length
      }

      for await (const raw of lines as AsyncIterable<TextLine>) {
        let text = raw.text
        if (raw.truncated) {
          const startsValue = /^\s*["@]/.test(text)
          if (pending) pending.overflow = true
          // A value line reports its own overflow when it is completed.
          else if (!startsValue) ctx.issue({severity: 'warning', line: raw.line, offset: raw.offset, reason: `line longer than ${maxValueChars} characters: cut`})
        }
        if (pending) {
          const trimmed = text.trimStart()
          const starts = trimmed[0]
          if (starts === '[' || starts === '"' || starts === '@') {
            ctx.issue({severity: 'warning', line: pending.line, offset: pending.offset, reason: 'continuation line missing: value ends with "\\" but the next line starts a new entry'})
            yield* flush()
          } else {
            const continues = trimmed.trimEnd().endsWith('\\')
            append(pending, continues ? trimmed.trimEnd().slice(0, -1) : trimmed)
            if (!continues) yield* flush()
            continue
          }
        }
        if (format === undefined) {
          const header = text.trim()
          if (header === '') continue
          if (header === HEADER_V5) format = 'regedit5'
          else if (header === HEADER_V4) format = 'regedit4'
          else {
            format = 'regedit5'
            ctx.issue({severity: 'error', line: raw.line, offset: raw.offset, reason: `missing header "${HEADER_V5}" or "${HEADER_V4}": read as version 5.00`})
          }
          if (header === HEADER_V5 || header === HEADER_V4) continue
        }
        text = text.trimStart()
        const c = text[0]
        if (c === undefined || c === ';') continue
        if (c === '[') {
          const end = text.lastIndexOf(']')
          const deleting = text[1] === '-'
          let inner = text.slice(deleting ? 2 : 1, end < 0 ? undefined : end)
          if (end < 0) inner = inner.trimEnd()
          const normalised = normaliseKeyPath(inner)
          if (end < 0) {
            ctx.issue({severity: 'warning', line: raw.line, offset: raw.offset, reason: `key line without closing "]": key read as "${normalised.key}"`})
          } else if (!/^\s*(;.*)?$/.test(text.slice(end + 1))) {
            ctx.issue({severity: 'warning', line: raw.line, offset: raw.offset, reason: 'text after the closing "]" of a key line ignored'})
          }
          if (!normalised.knownHive) ctx.issue({severity: 'warning', line: raw.line, offset: raw.offset, reason: `unknown hive in key "${normalised.key}"`})
          if (deleting) {
            key = undefined
            yield event({line: raw.line}, {key: normalised.key, operation: 'delete-key'})
          } else key = normalised.key
          continue
        }
        if (c !== '"' && c !== '@') {
          ctx.issue({severity: 'error', line: raw.line, offset: raw.offset, reason: `unreadable line "${text.length > 40 ? `${text.slice(0, 40)}...` : text}": skipped`})
          continue
        }
        const trimmedEnd = text.trimEnd()
        pending = {line: raw.line, offset: raw.offset, parts: [], length: 0, overflow: false}
        const continued = trimmedEnd.endsWith('\\') && !trimmedEnd.endsWith('"')
        append(pending, continued ? trimmedEnd.slice(0, -1) : text)
        if (raw.truncated) pending.overflow = true
        if (continued) continue
        yield* flush()
      }
      if (pending) {
        ctx.issue({severity: 'warning', line: pending.line, offset: pending.offset, reason: 'file ends inside a value continued with "\\"'})
        yield* flush()
      }
      if (format === undefined) ctx.issue({severity: 'error', reason: 'empty file: no .reg header'})
    },
  }
}

export const regParser: ArtefactParser = createRegParser()

function describe(r: RegistryFacet): string {
  const where = r.value === undefined ? r.key : `${r.key}\\${r.value}`
  if (r.operation === 'delete-key') return `Delete key ${r.key}`
  if (r.operation === 'delete-value') return `Delete ${where}`
  if (r.data === undefined) return `${where} (${r.type ?? 'data not kept'})`
  const data = r.data.length > MESSAGE_DATA_CHARS ? `${r.data.slice(0, MESSAGE_DATA_CHARS)}...` : r.data
  return `${where} = ${data.replace(/\n/g, ' | ')} (${r.type})`
}
