/** Registry key paths as written in .reg exports, with the hive normalised to its short alias. */

const HIVE_ALIASES: Readonly<Record<string, string>> = {
  HKEY_LOCAL_MACHINE: 'HKLM',
  HKEY_CURRENT_USER: 'HKCU',
  HKEY_USERS: 'HKU',
  HKEY_CLASSES_ROOT: 'HKCR',
  HKEY_CURRENT_CONFIG: 'HKCC',
  HKEY_PERFORMANCE_DATA: 'HKPD',
  HKEY_DYN_DATA: 'HKDD',
  HKLM: 'HKLM',
  HKCU: 'HKCU',
  HKU: 'HKU',
  HKCR: 'HKCR',
  HKCC: 'HKCC',
  HKPD: 'HKPD',
  HKDD: 'HKDD',
}

export interface NormalisedKey {
  key: string
  /** False when the first component is not a known hive (the path is kept as written). */
  knownHive: boolean
}

/** `HKEY_LOCAL_MACHINE\Software\X\` → `HKLM\Software\X`; `hkey_users\S-1-5-21-...` → `HKU\S-1-5-21-...`. */
export function normaliseKeyPath(raw: string): NormalisedKey {
  const trimmed = raw.trim().replace(/\\+$/, '')
  const slash = trimmed.indexOf('\\')
  const hive = slash < 0 ? trimmed : trimmed.slice(0, slash)
  const alias = HIVE_ALIASES[hive.toUpperCase()]
  if (!alias) return {key: trimmed, knownHive: false}
  return {key: slash < 0 ? alias : alias + trimmed.slice(slash), knownHive: true}
}
