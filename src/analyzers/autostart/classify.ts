/** What makes an autostart entry (Run value, service image, task action, Winlogon value) worth a look. */
import {parseBitsCommands} from '../text/cmdline.js'
import {firstToken, isLolbin} from '../text/lolbins.js'
import {extensionOf, isOddWritablePath, isUserWritablePath, normalisePath} from '../text/paths.js'
import {urlsIn} from '../text/urls.js'

export type CommandReason =
  | 'lolbin'
  | 'encoded'
  | 'url'
  | 'pipe'
  | 'odd-writable'
  | 'user-writable'
  | 'script'
  | 'bits'
  | 'comspec'

const SCRIPT_EXT = ['ps1', 'bat', 'cmd', 'vbs', 'vbe', 'js', 'jse', 'wsf', 'hta', 'sct']

/** Reasons a command line used for autostart looks malicious, in a fixed order. */
export function commandReasons(command: string | undefined): CommandReason[] {
  if (!command || !command.trim()) return []
  const out: CommandReason[] = []
  const lower = command.toLowerCase()
  const program = firstToken(command)
  if (isLolbin(program) || /%comspec%/.test(lower)) out.push('lolbin')
  if (/(^|\s)[-/](e|ec|en|enc|enco|encodedcommand)\s+[a-z0-9+/=]{16,}/i.test(command) || /frombase64string/.test(lower)) out.push('encoded')
  if (urlsIn(command).length > 0) out.push('url')
  if (/\\\\\.\\pipe\\/.test(lower)) out.push('pipe')
  if (isOddWritablePath(program) || [...command.matchAll(/[a-z]:\\[^\s"]+/gi)].some(m => isOddWritablePath(m[0]))) out.push('odd-writable')
  else if (isUserWritablePath(program)) out.push('user-writable')
  if (SCRIPT_EXT.includes(extensionOf(program)) || /\.(vbs|js|hta|sct|ps1)\b/.test(lower)) out.push('script')
  if (parseBitsCommands(command).length > 0) out.push('bits')
  if (/%comspec%/.test(lower)) out.push('comspec')
  return out
}

/** Reasons strong enough on their own (anything but a per-user install location). */
export function isSuspiciousCommand(command: string | undefined): boolean {
  return commandReasons(command).some(r => r !== 'user-writable')
}

/** Per-user installs that Windows and common vendors put in Run keys. */
const BENIGN_USER_PROGRAMS = [
  /\\appdata\\local\\microsoft\\onedrive\\(\d+\.\d+\.\d+\.\d+\\)?onedrive(setup|standaloneupdater)?\.exe$/,
  /\\appdata\\local\\microsoft\\teams\\update\.exe$/,
  /\\appdata\\local\\microsoft\\teams\\current\\teams\.exe$/,
  /\\appdata\\local\\microsoft\\windowsapps\\[^\\]+\.exe$/,
]

/**
 * An autostart command that points into the OS or Program Files (admin-only folders), or to a known per-user
 * install (OneDrive, Teams), and carries no suspicious trait.
 */
export function isKnownBenignAutostart(command: string | undefined): boolean {
  if (!command || !command.trim()) return false
  if (commandReasons(command).some(r => r !== 'user-writable')) return false
  const program = normalisePath(firstToken(command.replace(/^%(programfiles|programfiles\(x86\)|programw6432)%/i, 'c:\\program files')))
  if (/^([a-z]:\\windows\\|[a-z]:\\program files( \(x86\))?\\|(system32|syswow64)\\)/.test(program)) return true
  if (/^[a-z]:\\programdata\\microsoft\\windows defender\\(definition updates|platform)\\/.test(program)) return true
  if (/^(securityhealthsystray|ctfmon|rundll32|vboxtray|userinit|explorer)\.exe$/.test(program)) return false
  return BENIGN_USER_PROGRAMS.some(rx => rx.test(program))
}

const HIVE_PREFIX = /^(hklm|hkey_local_machine|\\registry\\machine|hkcu|hkey_current_user|hkcr|hkey_classes_root)\\|^(hku|hkey_users|\\registry\\user)\\[^\\]+\\/

/** Key path without hive prefix, lower-case, WOW6432Node folded, no trailing backslash. */
export function keyBody(key: string): string {
  let k = key.trim().toLowerCase().replace(/\\+$/, '')
  k = k.replace(HIVE_PREFIX, '')
  k = k.replace(/^software\\wow6432node\\/, 'software\\').replace(/^software\\classes\\wow6432node\\/, 'software\\classes\\')
  return k
}

const RUN_KEYS = [
  'software\\microsoft\\windows\\currentversion\\run',
  'software\\microsoft\\windows\\currentversion\\runonce',
  'software\\microsoft\\windows\\currentversion\\runonceex',
  'software\\microsoft\\windows\\currentversion\\runservices',
  'software\\microsoft\\windows\\currentversion\\runservicesonce',
  'software\\microsoft\\windows\\currentversion\\policies\\explorer\\run',
  'software\\microsoft\\windows\\currentversion\\explorer\\startupapproved\\run',
]

/** A Run-type key (or one of its subkeys such as RunOnceEx\0001), with or without hive prefix. */
export function isRunKey(key: string | undefined): boolean {
  if (!key) return false
  const k = keyBody(key)
  if (k.includes('\\explorer\\startupapproved\\')) return false
  return RUN_KEYS.some(r => k === r || (r.endsWith('runonceex') && k.startsWith(`${r}\\`))) ||
    /terminal server\\install\\software\\microsoft\\windows\\currentversion\\run(once)?$/.test(k)
}

export function isWinlogonKey(key: string | undefined): boolean {
  return !!key && keyBody(key) === 'software\\microsoft\\windows nt\\currentversion\\winlogon'
}

const WINLOGON_DEFAULTS: Record<string, string[]> = {
  userinit: ['c:\\windows\\system32\\userinit.exe,', 'c:\\windows\\system32\\userinit.exe', 'userinit.exe', 'userinit.exe,', 'userinit,'],
  shell: ['explorer.exe', 'c:\\windows\\explorer.exe', 'explorer'],
}

/** A Winlogon Userinit or Shell value that is not the Windows default. */
export function isWinlogonDeviation(key: string | undefined, value: string | undefined, data: string | undefined): boolean {
  if (!isWinlogonKey(key) || !value) return false
  const defaults = WINLOGON_DEFAULTS[value.toLowerCase()]
  if (!defaults) return false
  const d = (data ?? '').trim().toLowerCase().replace(/%systemroot%|%windir%/g, 'c:\\windows')
  return d !== '' && !defaults.includes(d)
}

/** `...\Services\NAME` → NAME, for service keys of any control set. */
export function serviceNameOfKey(key: string | undefined): string | undefined {
  if (!key) return undefined
  const m = /^system\\(?:currentcontrolset|controlset\d{3})\\services\\([^\\]+)$/.exec(keyBody(key))
  return m ? m[1] : undefined
}

export function isStartupFolderPath(path: string | undefined): boolean {
  if (!path) return false
  return normalisePath(path).includes('\\start menu\\programs\\startup\\')
}
