/** Escaping per output context. Evidence is attacker-controlled: every string that reaches HTML passes through here. */

const HTML_TEXT: Record<string, string> = {'&': '&amp;', '<': '&lt;', '>': '&gt;'}
const HTML_ATTR: Record<string, string> = {'&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;', '`': '&#96;'}

/** Text between tags. */
export function escapeHtmlText(s: string): string {
  return s.replace(/[&<>]/g, c => HTML_TEXT[c] ?? c)
}

/** A double- or single-quoted attribute value. */
export function escapeHtmlAttr(s: string): string {
  return s.replace(/[&<>"'`]/g, c => HTML_ATTR[c] ?? c)
}

const JSON_SCRIPT: Record<string, string> = {
  '<': '\\u003c',
  '>': '\\u003e',
  '&': '\\u0026',
  '\u2028': '\\u2028',
  '\u2029': '\\u2029',
}

/**
 * JSON for a `<script type="application/json">` block: `<`, `>`, `&`, U+2028 and U+2029 become `\uXXXX` escapes,
 * so neither `</script>` nor `<!--` can appear in the block. Only string contents can hold these characters in JSON,
 * so the result parses to the same value.
 */
export function jsonForScript(value: unknown): string {
  const json = JSON.stringify(value) ?? 'null'
  return json.replace(/[<>&\u2028\u2029]/g, c => JSON_SCRIPT[c] ?? c)
}

/** ATT&CK technique page, as text (never a live link): `T1547.001` → `https://attack.mitre.org/techniques/T1547/001/`. */
export function attackUrl(technique: string): string | undefined {
  const m = /^(T\d{4})(?:\.(\d{3}))?$/.exec(technique.trim())
  if (!m) return undefined
  return `https://attack.mitre.org/techniques/${m[1]}/${m[2] ? `${m[2]}/` : ''}`
}
