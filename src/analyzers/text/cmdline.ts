/** Command-line normalisation and the parsing of BITS manipulation (bitsadmin, PowerShell, COM). */
import {basename} from './paths.js'

/**
 * Undoes common obfuscation so switches can be matched: cmd carets, quote splitting, PowerShell backticks,
 * Unicode dashes and slashes as switch prefixes, runs of whitespace. Lower-case; every switch written `/name`.
 */
export function normaliseCommandLine(commandLine: string): string {
  return commandLine
    .replace(/\^/g, '')
    .replace(/["'`]/g, '')
    .replace(/[\u2010-\u2015\u2212]/g, '-')
    .replace(/\s+/g, ' ')
    .replace(/(^| )-(?=[a-z])/gi, '$1/')
    .trim()
    .toLowerCase()
}

/** Splits like CommandLineToArgvW (simplified): whitespace outside quotes; quotes removed; carets dropped. */
export function tokenize(commandLine: string): string[] {
  const s = commandLine.replace(/\^(.)/g, '$1')
  const out: string[] = []
  let cur = ''
  let inQuote = false
  let has = false
  for (const ch of s) {
    if (ch === '"') {
      inQuote = !inQuote
      has = true
    } else if (!inQuote && /\s/.test(ch)) {
      if (has) out.push(cur)
      cur = ''
      has = false
    } else {
      cur += ch
      has = true
    }
  }
  if (has) out.push(cur)
  return out
}

export interface BitsCommand {
  tool: 'bitsadmin' | 'powershell' | 'com'
  /** Lower-case verb without prefix: `setnotifycmdline`, `addfile`, `transfer`, `start-bitstransfer`, ... */
  verb: string
  job?: string
  urls: string[]
  localFiles: string[]
  notifyProgram?: string
  notifyParameters?: string
  /** Seconds given to /SetMinRetryDelay or /SetNoProgressTimeout. */
  seconds?: number
  /** `/SetNotifyCmdLine JOB NULL NULL`: clears the notify command. */
  clearsNotify?: boolean
}

const BITSADMIN_VERBS = new Set([
  'create', 'addfile', 'addfileset', 'addfilewithranges', 'transfer', 'setnotifycmdline', 'setminretrydelay',
  'setnoprogresstimeout', 'resume', 'complete', 'cancel', 'suspend', 'setnotifyflags', 'setcustomheaders',
  'setcredentials', 'setproxysettings', 'takeownership', 'setpriority', 'replaceremoteprefix', 'setdescription',
  'setdisplayname', 'list', 'info', 'listfiles', 'getnotifycmdline', 'monitor', 'reset', 'setsecurityflags',
])

function switchName(token: string): string | undefined {
  const m = /^[-/\u2010-\u2015](\w+)$/.exec(token)
  return m ? m[1]!.toLowerCase() : undefined
}

/** Splits a shell line into commands joined by `&`, `&&`, `||`, `|` or `;` (outside quotes). */
function segments(commandLine: string): string[] {
  const out: string[] = []
  let cur = ''
  let inQuote = false
  for (const ch of commandLine) {
    if (ch === '"') inQuote = !inQuote
    if (!inQuote && (ch === '&' || ch === '|' || ch === ';')) {
      if (cur.trim()) out.push(cur)
      cur = ''
      continue
    }
    cur += ch
  }
  if (cur.trim()) out.push(cur)
  return out
}

function isBitsadminToken(token: string): boolean {
  const b = basename(token.replace(/["'^`]/g, ''))
  return b === 'bitsadmin' || b === 'bitsadmin.exe'
}

function parseBitsadmin(tokens: string[]): BitsCommand[] {
  const out: BitsCommand[] = []
  let i = 0
  while (i < tokens.length) {
    const verb = switchName(tokens[i]!)
    if (!verb || !BITSADMIN_VERBS.has(verb)) {
      i++
      continue
    }
    const args: string[] = []
    let j = i + 1
    while (j < tokens.length && !(switchName(tokens[j]!) && BITSADMIN_VERBS.has(switchName(tokens[j]!)!))) args.push(tokens[j++]!)
    out.push(bitsadminCommand(verb, args))
    i = j
  }
  return out
}

function bitsadminCommand(verb: string, rawArgs: string[]): BitsCommand {
  const cmd: BitsCommand = {tool: 'bitsadmin', verb, urls: [], localFiles: []}
  const args = rawArgs.filter(a => !['/download', '/upload', '/upload-reply', '/wrap', '/rawreturn', '/allusers', '/verbose'].includes(a.toLowerCase()) && !/^-(download|upload)$/i.test(a))
  switch (verb) {
    case 'create':
      if (args.length) cmd.job = args[args.length - 1]!
      break
    case 'addfile':
    case 'addfilewithranges':
      if (args[0]) cmd.job = args[0]
      if (args[1]) cmd.urls.push(args[1])
      if (args[2]) cmd.localFiles.push(args[2])
      break
    case 'transfer': {
      const rest = [...args]
      if (rest[0]) cmd.job = rest.shift()!
      while (rest.length && /^[-/]priority$/i.test(rest[0]!)) rest.splice(0, 2)
      for (let k = 0; k + 1 < rest.length; k += 2) {
        cmd.urls.push(rest[k]!)
        cmd.localFiles.push(rest[k + 1]!)
      }
      break
    }
    case 'setnotifycmdline':
      if (args[0]) cmd.job = args[0]
      if (args[1]) cmd.notifyProgram = args[1]
      if (args.length > 2) cmd.notifyParameters = args.slice(2).join(' ')
      cmd.clearsNotify = (args[1] ?? '').toUpperCase() === 'NULL'
      break
    case 'setminretrydelay':
    case 'setnoprogresstimeout':
      if (args[0]) cmd.job = args[0]
      if (args[1] && /^\d+$/.test(args[1])) cmd.seconds = Number(args[1])
      break
    default:
      if (args[0]) cmd.job = args[0]
  }
  return cmd
}

const PS_CMDLETS = ['start-bitstransfer', 'add-bitsfile', 'set-bitstransfer', 'resume-bitstransfer', 'complete-bitstransfer', 'suspend-bitstransfer', 'get-bitstransfer', 'remove-bitstransfer']
const BITS_COM_CLSID = '4991d34b-80a1-4291-83b6-3328366b9097'

function psParam(tokens: string[], names: string[]): string | undefined {
  for (let i = 0; i < tokens.length - 1; i++) {
    const t = tokens[i]!.toLowerCase().replace(/:$/, '')
    if (t.startsWith('-') && names.some(n => n.startsWith(t.slice(1)) && t.length >= 3)) return tokens[i + 1]!
  }
  return undefined
}

function parsePowerShell(text: string): BitsCommand[] {
  const clean = text.replace(/`/g, '').replace(/['"]/g, ' ')
  const lower = clean.toLowerCase()
  const out: BitsCommand[] = []
  for (const verb of PS_CMDLETS) {
    let from = lower.indexOf(verb)
    while (from >= 0) {
      const tail = clean.slice(from + verb.length).split(/[;|\n]/)[0] ?? ''
      const tokens = tail.trim().split(/\s+/).filter(Boolean)
      const cmd: BitsCommand = {tool: 'powershell', verb, urls: [], localFiles: []}
      const src = psParam(tokens, ['source'])
      const dst = psParam(tokens, ['destination'])
      const name = psParam(tokens, ['displayname'])
      const positional = tokens.filter((t, i) => !t.startsWith('-') && !(tokens[i - 1] ?? '').startsWith('-'))
      if (src) cmd.urls.push(src)
      else if (verb === 'start-bitstransfer' && positional[0]) cmd.urls.push(positional[0])
      if (dst) cmd.localFiles.push(dst)
      else if (verb === 'start-bitstransfer' && positional[1]) cmd.localFiles.push(positional[1])
      if (name) cmd.job = name
      out.push(cmd)
      from = lower.indexOf(verb, from + verb.length)
    }
  }
  if (lower.includes(BITS_COM_CLSID) || /backgroundcopymanager|ibackgroundcopyjob/.test(lower)) {
    out.push({tool: 'com', verb: 'com', urls: [], localFiles: []})
  }
  return out
}

/** Every BITS manipulation a command line (or script text) performs, in order. */
export function parseBitsCommands(commandLine: string | undefined): BitsCommand[] {
  if (!commandLine) return []
  if (!/bits|backgroundcopy|4991d34b/i.test(commandLine.replace(/[\^"'`]/g, ''))) return []
  const out: BitsCommand[] = []
  for (const seg of segments(commandLine)) {
    const tokens = tokenize(seg)
    const at = tokens.findIndex(isBitsadminToken)
    if (at >= 0) out.push(...parseBitsadmin(tokens.slice(at + 1)))
  }
  if (out.length === 0 && /bitsadmin/i.test(commandLine.replace(/[\^"'`]/g, ''))) {
    // `cmd /c "bitsadmin /create j & bitsadmin /addfile ..."`: the whole chain is one quoted argument.
    for (const seg of segments(commandLine.replace(/"/g, ' '))) {
      const tokens = tokenize(seg)
      const at = tokens.findIndex(isBitsadminToken)
      if (at >= 0) out.push(...parseBitsadmin(tokens.slice(at + 1)))
    }
  }
  out.push(...parsePowerShell(commandLine))
  return out
}
