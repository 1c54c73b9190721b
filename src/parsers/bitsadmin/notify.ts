/** Splits a job's NOTIFICATION COMMAND LINE into the program BITS starts and the parameters it passes. */

export interface NotifyCommand {
  program?: string
  parameters?: string
}

const PROGRAM_END = /\.(?:exe|com|bat|cmd|ps1|vbs|vbe|js|jse|wsf|wsh|hta|scr|pif|dll|cpl|msi)(?=\s|$)/i

/**
 * `'C:\prog.exe' 'params'` (bitsadmin's form), `"C:\Program Files\x.exe" params`, or an unquoted
 * `C:\Program Files\x.exe params` (cut after the first executable extension). `none` / `NULL` mean no command.
 */
export function splitNotifyCommandLine(raw: string): NotifyCommand | undefined {
  const text = raw.trim()
  if (text === '' || /^(?:none|null|\(null\))$/i.test(text)) return undefined
  const withParams = (program: string, parameters: string | undefined): NotifyCommand => {
    const out: NotifyCommand = {}
    if (program !== '') out.program = program
    const p = parameters?.trim()
    if (p !== undefined && p !== '' && !/^(?:null|\(null\))$/i.test(p)) out.parameters = p
    return out
  }
  const singleQuoted = /^'([^']*)'(?:\s+(.*))?$/s.exec(text)
  if (singleQuoted) {
    const rest = singleQuoted[2]?.trim()
    const unquoted = rest !== undefined && rest.length >= 2 && rest.startsWith("'") && rest.endsWith("'") ? rest.slice(1, -1) : rest
    return withParams(singleQuoted[1]!, unquoted)
  }
  const doubleQuoted = /^"([^"]*)"(?:\s*(.*))?$/s.exec(text)
  if (doubleQuoted) return withParams(doubleQuoted[1]!, doubleQuoted[2])
  const ext = PROGRAM_END.exec(text)
  if (ext) return withParams(text.slice(0, ext.index + ext[0].length), text.slice(ext.index + ext[0].length))
  const space = text.search(/\s/)
  return space < 0 ? withParams(text, undefined) : withParams(text.slice(0, space), text.slice(space + 1))
}
