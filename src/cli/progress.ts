/** Progress on stderr (files and bytes done, rate, ETA), drawn only when stderr is a TTY. */

export interface ProgressOptions {
  stream?: NodeJS.WriteStream
  /** Minimum milliseconds between redraws. */
  intervalMs?: number
  now?: () => number
}

export class ProgressReporter {
  private readonly stream: NodeJS.WriteStream
  private readonly enabled: boolean
  private readonly intervalMs: number
  private readonly now: () => number
  private readonly started: number
  private lastDraw = 0
  private filesDone = 0
  private bytesDone = 0
  private currentBytes = 0
  private label = ''
  private drawn = false

  constructor(
    private readonly totalFiles: number,
    private readonly totalBytes: number,
    opts: ProgressOptions = {},
  ) {
    this.stream = opts.stream ?? process.stderr
    this.enabled = Boolean(this.stream.isTTY)
    this.intervalMs = opts.intervalMs ?? 100
    this.now = opts.now ?? Date.now
    this.started = this.now()
  }

  get active(): boolean {
    return this.enabled
  }

  startFile(label: string): void {
    this.label = label
    this.currentBytes = 0
    this.draw(false)
  }

  fileBytes(bytesInFile: number): void {
    this.currentBytes = bytesInFile
    this.draw(false)
  }

  finishFile(fileSize: number): void {
    this.filesDone++
    this.bytesDone += fileSize
    this.currentBytes = 0
    this.draw(false)
  }

  done(): void {
    if (this.enabled && this.drawn) this.stream.write('\r\x1b[2K')
  }

  /** The status line as drawn, exposed for tests. */
  line(): string {
    const bytes = this.bytesDone + this.currentBytes
    const secs = Math.max((this.now() - this.started) / 1000, 0.001)
    const rate = bytes / secs
    const remaining = Math.max(this.totalBytes - bytes, 0)
    const eta = rate > 0 && bytes > 0 ? formatDuration(remaining / rate) : '--'
    const pct = this.totalBytes > 0 ? Math.min(100, Math.floor((bytes / this.totalBytes) * 100)) : 100
    return `${pct}% ${this.filesDone}/${this.totalFiles} files ${formatBytes(bytes)}/${formatBytes(this.totalBytes)} ${formatBytes(rate)}/s ETA ${eta} ${this.label}`
  }

  private draw(force: boolean): void {
    if (!this.enabled) return
    const t = this.now()
    if (!force && t - this.lastDraw < this.intervalMs) return
    this.lastDraw = t
    const width = (this.stream.columns || 80) - 1
    this.stream.write(`\r\x1b[2K${this.line().slice(0, width)}`)
    this.drawn = true
  }
}

export function formatBytes(n: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB']
  let v = n
  let i = 0
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024
    i++
  }
  return `${v.toFixed(i === 0 ? 0 : 1)} ${units[i]}`
}

function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '--'
  const s = Math.round(seconds)
  const m = Math.floor(s / 60)
  return m > 0 ? `${m}m${String(s % 60).padStart(2, '0')}s` : `${s}s`
}
