/**
 * Streams the documents out of whole-document JSON without holding it: the elements of `hits.hits` of an Elasticsearch
 * `_search` response, the elements of a top-level array, or each top-level value (concatenated JSON). Each element is
 * held only while it is read, up to `maxElementChars`.
 */

export type JsonElement = {text: string; line: number} | {error: string; line: number}

interface Frame {
  array: boolean
  /** Object frames: the key being read or last read (only tracked near the top). */
  key: string | undefined
  expectKey: boolean
}

const KEY_DEPTH = 2
/** Deeper nesting than this is not a SIEM export: the rest of the file is given up rather than tracked. */
export const MAX_JSON_DEPTH = 512
const MAX_KEY_CHARS = 256

export class JsonElementStream {
  private stack: Frame[] = []
  private inString = false
  private escape = false
  private keyChars: string | undefined
  private line = 1
  /** Depth (stack length) at which the element being captured lives, or -1. */
  private captureDepth = -1
  private captureParts: string[] = []
  private captureLength = 0
  private captureLine = 0
  private captureOverflow = false
  private captureStart = -1
  /** The top-level value is a _search response: its own text is not kept. */
  private searchResponse = false
  private primitiveStart = -1
  /** Set when the structure could not be followed any further; the rest of the input is ignored. */
  private givenUp = false

  constructor(private readonly maxElementChars: number) {}

  /** True when the top-level value was recognised as an Elasticsearch `_search` response. */
  get isSearchResponse(): boolean {
    return this.searchResponse
  }

  private inElementArray(): boolean {
    const d = this.stack.length
    if (d === 1) return this.stack[0]!.array
    if (d === 3) {
      const [a, b, c] = this.stack as [Frame, Frame, Frame]
      return !a.array && a.key === 'hits' && !b.array && b.key === 'hits' && c.array
    }
    return false
  }

  private begin(i: number): void {
    this.captureDepth = this.stack.length
    this.captureParts = []
    this.captureLength = 0
    this.captureLine = this.line
    this.captureOverflow = false
    this.captureStart = i
  }

  private finish(chunk: string, endExclusive: number, out: JsonElement[]): void {
    this.keep(chunk.slice(this.captureStart, endExclusive))
    if (this.captureOverflow) {
      out.push({error: `JSON document longer than ${this.maxElementChars} characters skipped`, line: this.captureLine})
    } else {
      out.push({text: this.captureParts.join(''), line: this.captureLine})
    }
    this.captureDepth = -1
    this.captureParts = []
    this.captureStart = -1
  }

  private abandonTopCapture(): void {
    this.captureDepth = -1
    this.captureParts = []
    this.captureStart = -1
    this.searchResponse = true
  }

  push(chunk: string): JsonElement[] {
    const out: JsonElement[] = []
    if (this.givenUp) return out
    this.scan(chunk, out)
    if (this.givenUp) return out
    if (this.captureStart >= 0) {
      const part = chunk.slice(this.captureStart)
      this.keep(part)
      this.captureStart = 0
    }
    return out
  }

  private keep(part: string): void {
    if (this.captureOverflow) return
    this.captureLength += part.length
    if (this.captureLength > this.maxElementChars) {
      this.captureOverflow = true
      this.captureParts = []
    } else {
      this.captureParts.push(part)
    }
  }

  end(): JsonElement[] {
    const out: JsonElement[] = []
    if (this.givenUp) return out
    if (this.captureDepth >= 0 || this.stack.length > 0) {
      out.push({error: `JSON ends inside a value (${this.stack.length} unclosed bracket(s))`, line: this.captureDepth >= 0 ? this.captureLine : this.line})
    }
    this.stack = []
    this.captureDepth = -1
    return out
  }

  private scan(s: string, out: JsonElement[]): void {
    const n = s.length
    for (let i = 0; i < n; i++) {
      const c = s.charCodeAt(i)
      if (c === 0x0a) this.line++
      if (this.inString) {
        if (this.escape) this.escape = false
        else if (c === 0x5c) this.escape = true
        else if (c === 0x22) {
          this.inString = false
          if (this.keyChars !== undefined) {
            const top = this.stack[this.stack.length - 1]!
            top.key = this.keyChars
            this.keyChars = undefined
          }
        } else if (this.keyChars !== undefined && this.keyChars.length < MAX_KEY_CHARS) this.keyChars += s[i]
        continue
      }
      if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) continue
      const top = this.stack[this.stack.length - 1]
      const topArray = this.stack.length === 0 && c === 0x5b
      if (this.captureDepth < 0 && !topArray && c !== 0x2c && c !== 0x5d && c !== 0x7d && (this.stack.length === 0 || this.inElementArray())) {
        this.begin(i)
      }
      if (this.primitiveStart < 0 && this.captureDepth === this.stack.length && c !== 0x7b && c !== 0x5b && c !== 0x2c && c !== 0x5d && c !== 0x7d) {
        this.primitiveStart = i
      }
      switch (c) {
        case 0x22:
          this.inString = true
          if (top && !top.array && top.expectKey && this.stack.length <= KEY_DEPTH) this.keyChars = ''
          break
        case 0x7b:
        case 0x5b:
          if (this.stack.length >= MAX_JSON_DEPTH) {
            out.push({error: `JSON nested deeper than ${MAX_JSON_DEPTH} levels; the rest of the file is not read`, line: this.line})
            this.givenUp = true
            this.captureDepth = -1
            this.captureParts = []
            this.captureStart = -1
            return
          }
          this.stack.push({array: c === 0x5b, key: undefined, expectKey: c === 0x7b})
          if (c === 0x5b && this.captureDepth === 0 && this.stack.length === 3 && this.inElementArray()) this.abandonTopCapture()
          break
        case 0x7d:
        case 0x5d:
          if (this.primitiveStart >= 0 && this.captureDepth === this.stack.length) this.endPrimitive(out)
          this.stack.pop()
          if (this.captureDepth >= 0 && this.stack.length === this.captureDepth) this.finish(s, i + 1, out)
          break
        case 0x3a:
          if (top && !top.array) top.expectKey = false
          break
        case 0x2c:
          if (this.primitiveStart >= 0 && this.captureDepth === this.stack.length) this.endPrimitive(out)
          if (top && !top.array) top.expectKey = true
          break
        default:
          break
      }
    }
  }

  /** A number, string, true/false/null where a document was expected: reported, not parsed. */
  private endPrimitive(out: JsonElement[]): void {
    out.push({error: 'a JSON value that is not an object where a document was expected', line: this.captureLine})
    this.primitiveStart = -1
    this.captureDepth = -1
    this.captureParts = []
    this.captureStart = -1
  }
}
