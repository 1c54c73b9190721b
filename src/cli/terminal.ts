/** Decides colour and progress from the environment, the flags and whether the stream is a TTY. */

export interface TerminalOptions {
  noColor?: boolean
  env?: NodeJS.ProcessEnv
}

export function colorEnabled(stream: NodeJS.WriteStream, opts: TerminalOptions = {}): boolean {
  const env = opts.env ?? process.env
  if (opts.noColor) return false
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false
  if (env.FORCE_COLOR && env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false') return true
  return Boolean(stream.isTTY)
}

export function terminalWidth(stream: NodeJS.WriteStream): number {
  return stream.isTTY && stream.columns ? Math.max(60, stream.columns) : 120
}
