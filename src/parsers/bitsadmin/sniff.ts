import {sniffText} from '../text/encoding.js'

/** Why the first KB of a file look like saved bitsadmin output, or null. Accepts bytes in any encoding or decoded text. */
export function sniffBitsadmin(input: string | Uint8Array): string | null {
  const text = sniffText(input, {singleByte: 'oem'}).slice(0, 8192)
  if (/^\s*BITSADMIN version \d/im.test(text)) return 'bitsadmin output: "BITSADMIN version" banner'
  if (/^GUID: \{[0-9A-Fa-f-]{36}\} DISPLAY:/m.test(text)) return 'bitsadmin verbose listing: "GUID: {...} DISPLAY:" line'
  if (/^\{[0-9A-Fa-f-]{36}\} .* (?:\d+|UNKNOWN) \/ (?:\d+|UNKNOWN) (?:\d+|UNKNOWN) \/ (?:\d+|UNKNOWN)\s*$/m.test(text)) return 'bitsadmin /list line: "{GUID} \'name\' STATE n / m bytes / total"'
  if (/^Listed \d+ job\(s\)\./m.test(text)) return 'bitsadmin output: "Listed N job(s)."'
  return null
}
