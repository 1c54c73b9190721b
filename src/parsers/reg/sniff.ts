import {sniffText} from '../text/encoding.js'

/** Why the first KB of a file look like a .reg export, or null. Accepts raw bytes (any encoding) or decoded text. */
export function sniffRegExport(input: Uint8Array | string): string | null {
  const text = sniffText(input, {singleByte: 'ansi'}).slice(0, 4096).replace(/^\s+/, '')
  if (text.startsWith('Windows Registry Editor Version 5.00')) return '.reg export: "Windows Registry Editor Version 5.00" header'
  if (/^REGEDIT4\r?\n/.test(text) || text === 'REGEDIT4') return '.reg export: "REGEDIT4" header'
  return null
}
