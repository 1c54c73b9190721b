/** Small readers for EventData values as Windows renders them. */

import type {UserRef} from '../../model/event.js'

/** A field's value, or undefined when absent, empty or one of Windows' placeholders (`-`, `%%...` not resolved stays). */
export function field(data: Record<string, string>, ...names: string[]): string | undefined {
  for (const name of names) {
    const v = data[name]
    if (v !== undefined && v !== '' && v !== '-') return v
  }
  return undefined
}

/** Decimal or `0x` hex integer text → number; undefined when not an integer. */
export function intValue(text: string | undefined): number | undefined {
  if (text === undefined) return undefined
  const s = text.trim()
  if (/^-?\d+$/.test(s)) {
    const n = Number(s)
    return Number.isSafeInteger(n) ? n : undefined
  }
  if (/^0x[0-9a-f]+$/i.test(s)) {
    const n = Number.parseInt(s.slice(2), 16)
    return Number.isSafeInteger(n) ? n : undefined
  }
  return undefined
}

/** An HRESULT rendered as decimal (possibly negative) or hex → `0x` + 8 upper-case hex digits. */
export function hresultText(text: string | undefined): string | undefined {
  const n = intValue(text)
  if (n === undefined) return text
  return `0x${(n >>> 0).toString(16).toUpperCase().padStart(8, '0')}`
}

/** `DOMAIN\name` or `name@domain` → its parts; a bare name stays a name. */
export function splitAccount(account: string | undefined): UserRef | undefined {
  if (!account) return undefined
  const slash = account.indexOf('\\')
  if (slash > 0) return {domain: account.slice(0, slash), name: account.slice(slash + 1)}
  return {name: account}
}

export function joinAccount(domain: string | undefined, name: string | undefined): string | undefined {
  if (!name) return undefined
  return domain ? `${domain}\\${name}` : name
}

/** Builds a UserRef from optional parts, leaving out the absent ones; undefined when all are absent. */
export function userRef(parts: {name?: string | undefined; domain?: string | undefined; sid?: string | undefined}): UserRef | undefined {
  const u: UserRef = {}
  if (parts.name) u.name = parts.name
  if (parts.domain) u.domain = parts.domain
  if (parts.sid && parts.sid !== 'S-1-0-0') u.sid = parts.sid
  return Object.keys(u).length > 0 ? u : undefined
}

const HIVES: Array<[RegExp, string]> = [
  [/^\\REGISTRY\\MACHINE(?=\\|$)/i, 'HKLM'],
  [/^\\REGISTRY\\USER(?=\\|$)/i, 'HKU'],
  [/^HKEY_LOCAL_MACHINE(?=\\|$)/i, 'HKLM'],
  [/^HKEY_CURRENT_USER(?=\\|$)/i, 'HKCU'],
  [/^HKEY_USERS(?=\\|$)/i, 'HKU'],
  [/^HKEY_CLASSES_ROOT(?=\\|$)/i, 'HKCR'],
  [/^HKEY_CURRENT_CONFIG(?=\\|$)/i, 'HKCC'],
  [/^(HKLM|HKCU|HKU|HKCR|HKCC)(?=\\|$)/i, ''],
]

/** Normalises the hive prefix of a registry path to HKLM, HKCU, HKU, HKCR or HKCC. */
export function normaliseRegistryPath(path: string): string {
  for (const [re, hive] of HIVES) {
    const m = re.exec(path)
    if (m) return (hive || m[0].toUpperCase()) + path.slice(m[0].length)
  }
  return path
}

/** Splits `KEY\value` at the last backslash. */
export function splitRegistryValuePath(path: string): {key: string; value?: string} {
  const norm = normaliseRegistryPath(path)
  const i = norm.lastIndexOf('\\')
  if (i <= 0) return {key: norm}
  return {key: norm.slice(0, i), value: norm.slice(i + 1)}
}

const INTEGRITY_BY_SID: Record<string, string> = {
  'S-1-16-0': 'Untrusted',
  'S-1-16-4096': 'Low',
  'S-1-16-8192': 'Medium',
  'S-1-16-8448': 'MediumPlus',
  'S-1-16-12288': 'High',
  'S-1-16-16384': 'System',
  'S-1-16-20480': 'Protected',
}

/** A mandatory label SID (`S-1-16-12288`) → its level name; other text stays as is. */
export function integrityName(label: string | undefined): string | undefined {
  if (!label) return undefined
  return INTEGRITY_BY_SID[label.toUpperCase()] ?? label
}

const MESSAGE_MAX = 300

/** Collapses whitespace and control characters and caps the length, for the one-line `message`. */
export function oneLine(text: string): string {
  const flat = text.replace(/[\s\u0000-\u001f\u007f]+/g, ' ').trim()
  return flat.length > MESSAGE_MAX ? `${flat.slice(0, MESSAGE_MAX - 1)}…` : flat
}

/** Keeps only the defined entries of an object (for exactOptionalPropertyTypes). */
export function defined<T extends object>(obj: {[K in keyof T]: T[K] | undefined}): T {
  const out: Record<string, unknown> = {}
  const from = obj as Record<string, unknown>
  for (const k in from) {
    const v = from[k]
    if (v !== undefined) out[k] = v
  }
  return out as T
}
