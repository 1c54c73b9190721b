/** Splits decoded text into lines, each at most `maxLineChars` long; longer lines are reported and skipped. */

export type TextLine = {text: string; line: number} | {error: string; line: number}

export class BoundedLineSplitter {
  private partial = ''
  private line = 1
  private skipping = false

  constructor(private readonly maxLineChars: number) {}

  push(text: string): TextLine[] {
    const out: TextLine[] = []
    let from = 0
    for (;;) {
      const nl = text.indexOf('\n', from)
      if (nl < 0) break
      if (this.skipping) this.skipping = false
      else if (this.partial.length + (nl - from) > this.maxLineChars) out.push(this.tooLong())
      else out.push({text: stripCr(this.partial + text.slice(from, nl)), line: this.line})
      this.partial = ''
      this.line++
      from = nl + 1
    }
    if (!this.skipping) {
      if (this.partial.length + (text.length - from) > this.maxLineChars) {
        out.push(this.tooLong())
        this.partial = ''
        this.skipping = true
      } else {
        this.partial += text.slice(from)
      }
    }
    return out
  }

  end(): TextLine[] {
    if (this.skipping || this.partial === '') return []
    const last = {text: stripCr(this.partial), line: this.line}
    this.partial = ''
    return [last]
  }

  private tooLong(): TextLine {
    return {error: `line longer than ${this.maxLineChars} characters skipped`, line: this.line}
  }
}

function stripCr(s: string): string {
  return s.endsWith('\r') ? s.slice(0, -1) : s
}
