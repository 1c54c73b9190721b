/**
 * Cuts CSV text into records (one row each, quoted fields may span lines) and knows each record's first line.
 * A record that cannot be closed — a quote left open up to the size limit or the end of the file, or text after a
 * closing quote — is reported and scanning restarts on the line after the one it began on.
 */

export type FramedRecord = {text: string; line: number} | {error: string; line: number}

export interface FramerOptions {
  /** Longest record in characters before it is given up as damaged. */
  maxRecordChars: number
}

const QUOTE = 0x22
const LF = 0x0a
const CR = 0x0d
const SPACE = 0x20
const TAB = 0x09

export class CsvRecordFramer {
  /** Delimiter code; undefined until the header has been read, and then any of , ; TAB may follow a closing quote. */
  delimiter: number | undefined
  private buf = ''
  /** Index in `buf` where the current record starts, and the line it starts on. */
  private start = 0
  private startLine = 1
  /** Scan state of the current record. */
  private pos = 0
  private line = 1
  private inQuotes = false
  private quotePending = false
  private fieldStart = true
  /** Just after a closing quote: only blanks, a delimiter or a line end may follow. */
  private afterClose = false
  /** Set after a damaged record whose first line has not ended yet: the rest of that line is dropped. */
  private skipLine = false

  constructor(private readonly options: FramerOptions) {}

  /** Adds text; returns the records completed by it. */
  push(text: string): FramedRecord[] {
    this.buf = this.start > 0 ? this.buf.slice(this.start) + text : this.buf + text
    this.pos -= this.start
    this.start = 0
    const out: FramedRecord[] = []
    this.scan(out, false)
    return out
  }

  /** Ends the input; returns the last records. */
  end(): FramedRecord[] {
    const out: FramedRecord[] = []
    this.scan(out, true)
    return out
  }

  private isDelimiter(c: number): boolean {
    return this.delimiter === undefined ? c === 0x2c || c === 0x3b || c === TAB : c === this.delimiter
  }

  private resetRecord(at: number, line: number): void {
    this.start = at
    this.pos = at
    this.startLine = line
    this.line = line
    this.inQuotes = false
    this.quotePending = false
    this.fieldStart = true
    this.afterClose = false
  }

  /** Gives up the current record and restarts on the line after its first line. */
  private fail(out: FramedRecord[], reason: string): void {
    out.push({error: reason, line: this.startLine})
    const b = this.buf
    let i = this.start
    while (i < b.length && b.charCodeAt(i) !== LF && b.charCodeAt(i) !== CR) i++
    if (i >= b.length) {
      this.resetRecord(b.length, this.startLine)
      this.skipLine = true
      return
    }
    if (b.charCodeAt(i) === CR && b.charCodeAt(i + 1) === LF) i++
    this.resetRecord(i + 1, this.startLine + 1)
  }

  private emit(out: FramedRecord[], endIndex: number): void {
    const text = this.buf.slice(this.start, endIndex)
    if (text.trim() !== '') out.push({text, line: this.startLine})
  }

  private scan(out: FramedRecord[], final: boolean): void {
    const b = this.buf
    const max = this.options.maxRecordChars
    for (;;) {
      const n = b.length
      let i = this.pos
      let failed = false
      if (this.skipLine) {
        while (i < n && b.charCodeAt(i) !== LF && b.charCodeAt(i) !== CR) i++
        if (i >= n) {
          this.resetRecord(n, this.startLine)
          return
        }
        this.skipLine = false
        const next = b.charCodeAt(i) === CR && b.charCodeAt(i + 1) === LF ? i + 2 : i + 1
        this.resetRecord(next, this.startLine + 1)
        i = next
      }
      while (i < n) {
        const c = b.charCodeAt(i)
        if (this.inQuotes) {
          if (this.quotePending) {
            if (c === QUOTE) {
              this.quotePending = false
              i++
              continue
            }
            this.inQuotes = false
            this.quotePending = false
            this.afterClose = true
            continue
          }
          if (c === QUOTE) this.quotePending = true
          else if (c === CR && i + 1 >= n && !final) break
          else if (c === LF || (c === CR && b.charCodeAt(i + 1) !== LF)) this.line++
          i++
          if (i - this.start > max) {
            this.pos = i
            this.fail(out, `quoted field not closed within ${max} characters`)
            failed = true
            break
          }
          continue
        }
        if (this.afterClose) {
          if ((c === SPACE || c === TAB) && !this.isDelimiter(c)) {
            i++
            continue
          }
          if (!(this.isDelimiter(c) || c === LF || c === CR)) {
            this.pos = i
            this.fail(out, `text after the closing quote of a field (character ${i - this.start + 1} of the record)`)
            failed = true
            break
          }
          this.afterClose = false
        }
        if (c === LF || c === CR) {
          if (c === CR && i + 1 >= n && !final) break
          const next = c === CR && b.charCodeAt(i + 1) === LF ? i + 2 : i + 1
          this.emit(out, i)
          this.resetRecord(next, this.line + 1)
          i = next
          continue
        }
        if (c === QUOTE && this.fieldStart) {
          this.inQuotes = true
          this.fieldStart = false
        } else if (this.isDelimiter(c)) {
          this.fieldStart = true
        } else if (!(c === SPACE || c === TAB)) {
          this.fieldStart = false
        }
        i++
        if (i - this.start > max) {
          this.pos = i
          this.fail(out, `record longer than ${max} characters`)
          failed = true
          break
        }
      }
      if (failed) continue
      this.pos = i
      if (!final) return
      if (this.inQuotes && !this.quotePending) {
        this.fail(out, 'quoted field not closed before the end of the file')
        continue
      }
      this.emit(out, n)
      this.resetRecord(n, this.line)
      return
    }
  }
}
