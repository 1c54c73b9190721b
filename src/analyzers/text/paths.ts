/** Windows path helpers for evidence strings (never touch the local file system). */

/** Lower-case, forward slashes to backslashes, `\??\` and `\\?\` prefixes and surrounding quotes removed. */
export function normalisePath(path: string): string {
  let p = path.trim().replace(/^["']+|["']+$/g, '').replace(/\//g, '\\').toLowerCase()
  p = p.replace(/^\\\?\?\\/, '').replace(/^\\\\\?\\/, '')
  p = p.replace(/^%systemroot%|^%windir%/, 'c:\\windows').replace(/^\\systemroot/, 'c:\\windows')
  return p
}

/** The last path component, lower-case. */
export function basename(path: string): string {
  const p = normalisePath(path)
  const i = p.lastIndexOf('\\')
  return i >= 0 ? p.slice(i + 1) : p
}

/** Folders an unprivileged user can write to, as lower-case path fragments. */
const USER_WRITABLE = [
  '\\users\\',
  '\\programdata\\',
  '\\temp\\',
  '\\tmp\\',
  '\\public\\',
  '\\appdata\\',
  '\\perflogs\\',
  '\\windows\\tasks\\',
  '\\windows\\tracing\\',
  '\\spool\\drivers\\color\\',
  '\\recycle',
  '%temp%',
  '%tmp%',
  '%appdata%',
  '%localappdata%',
  '%userprofile%',
  '%public%',
  '%programdata%',
]

/** Writable folders that hold no legitimate autostart programs: a program there is a strong signal. */
const ODD_WRITABLE = [
  '\\users\\public\\',
  '\\perflogs\\',
  '\\windows\\tasks\\',
  '\\windows\\temp\\',
  '\\windows\\tracing\\',
  '\\spool\\drivers\\color\\',
  '\\appdata\\local\\temp\\',
  '\\recycle',
  '%temp%',
  '%tmp%',
  '%public%',
]

export function isUserWritablePath(path: string | undefined): boolean {
  if (!path) return false
  const p = normalisePath(path)
  if (/^[a-z]:\\windows\\serviceprofiles\\/.test(p) || /^[a-z]:\\windows\\system32\\config\\systemprofile\\/.test(p)) return false
  if (/^[a-z]:\\temp\\/.test(p) || /^[a-z]:\\programdata\\/.test(p)) return true
  return USER_WRITABLE.some(f => p.includes(f))
}

export function isOddWritablePath(path: string | undefined): boolean {
  if (!path) return false
  const p = normalisePath(path)
  if (/^[a-z]:\\temp\\/.test(p)) return true
  if (/^[a-z]:\\programdata\\[^\\]+$/.test(p)) return true
  return ODD_WRITABLE.some(f => p.includes(f))
}

/** A path under the Windows system folders, where programs are installed by the OS. */
export function isSystemPath(path: string | undefined): boolean {
  if (!path) return false
  const p = normalisePath(path)
  return /^[a-z]:\\windows\\(system32|syswow64|sysnative|winsxs)\\/.test(p) || /^[a-z]:\\windows\\[^\\]+\.exe$/.test(p)
}

/** A local drive path (`C:\...`), not UNC: the "URL" trick that makes a job complete at once. */
export function isDrivePath(value: string): boolean {
  const v = value.trim().replace(/^["']/, '')
  return /^[a-z]:[\\/]/i.test(v) || /^file:\/\/\/?[a-z]:/i.test(v) || /^%[a-z_]+%\\/i.test(v)
}

const SCRIPT_OR_BINARY = ['ps1', 'psm1', 'bat', 'cmd', 'vbs', 'vbe', 'js', 'jse', 'wsf', 'wsh', 'hta', 'exe', 'dll', 'sct', 'scr', 'com', 'pif', 'msi', 'cpl', 'lnk', 'jar', 'xsl', 'inf']

/** The extension of a path or URL path, lower-case, without the dot. */
export function extensionOf(pathOrUrl: string): string {
  const noQuery = pathOrUrl.replace(/[?#].*$/, '')
  const m = /\.([a-z0-9]{1,5})["']?$/i.exec(noQuery.trim())
  return m ? m[1]!.toLowerCase() : ''
}

export function hasScriptOrBinaryExtension(pathOrUrl: string | undefined): boolean {
  if (!pathOrUrl) return false
  return SCRIPT_OR_BINARY.includes(extensionOf(pathOrUrl))
}

/** Windows paths mentioned in free text (command lines, registry data), in order of appearance. */
export function pathsIn(text: string | undefined): string[] {
  if (!text) return []
  const out: string[] = []
  const re = /"([a-z]:\\[^"]+|\\\\[^"\\]+\\[^"]+|%[a-z_]+%\\[^"]+)"|((?:[a-z]:\\|\\\\[a-z0-9._$-]+\\|%[a-z_]+%\\)[^\s"'|<>,;]*)/gi
  for (const m of text.matchAll(re)) {
    const p = (m[1] ?? m[2] ?? '').replace(/[)\]}]+$/, '').replace(/(\.(?:dll|ocx|cpl)),[^\\]*$/i, '$1')
    if (p && !/^\\\\\.\\pipe\\/i.test(p)) out.push(p)
  }
  return out
}
