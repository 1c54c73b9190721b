/** Programs attackers use to run or fetch code: script hosts and signed Windows binaries ("LOLBins"). */
import {basename} from './paths.js'

export const SCRIPT_HOSTS = ['cmd.exe', 'powershell.exe', 'pwsh.exe', 'wscript.exe', 'cscript.exe', 'mshta.exe'] as const

export const LOLBINS = [
  ...SCRIPT_HOSTS,
  'rundll32.exe',
  'regsvr32.exe',
  'msiexec.exe',
  'certutil.exe',
  'bitsadmin.exe',
  'msbuild.exe',
  'installutil.exe',
  'regasm.exe',
  'regsvcs.exe',
  'msxsl.exe',
  'cmstp.exe',
  'forfiles.exe',
  'wmic.exe',
  'hh.exe',
  'desktopimgdownldr.exe',
  'esentutl.exe',
  'expand.exe',
  'curl.exe',
  'odbcconf.exe',
  'pcalua.exe',
  'scriptrunner.exe',
  'syncappvpublishingserver.exe',
] as const

function exeName(imageOrCommand: string): string {
  const first = firstToken(imageOrCommand)
  const name = basename(first)
  return name.endsWith('.exe') || name.includes('.') ? name : `${name}.exe`
}

/** The program part of a command line: the quoted first token, or the text up to `.exe`, or the first word. */
export function firstToken(commandLine: string): string {
  const s = commandLine.trim()
  if (s.startsWith('"')) {
    const end = s.indexOf('"', 1)
    return end > 0 ? s.slice(1, end) : s.slice(1)
  }
  const exe = /^(.*?\.(?:exe|com|bat|cmd|vbs|js|ps1|hta|dll|scr|sys|cpl|ocx|msc))(?=\s|$|")/i.exec(s)
  if (exe) return exe[1]!
  return s.split(/\s+/)[0] ?? ''
}

export function isLolbin(imageOrCommand: string | undefined): boolean {
  if (!imageOrCommand) return false
  return (LOLBINS as readonly string[]).includes(exeName(imageOrCommand))
}

export function isScriptHost(imageOrCommand: string | undefined): boolean {
  if (!imageOrCommand) return false
  return (SCRIPT_HOSTS as readonly string[]).includes(exeName(imageOrCommand))
}
