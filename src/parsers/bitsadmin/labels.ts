/** The `KEY: value` labels of `bitsadmin /list /verbose` and how they share a line. */

/** Labels bitsadmin prints, as printed. */
export const LABELS = [
  'GUID',
  'DISPLAY',
  'TYPE',
  'STATE',
  'OWNER',
  'PRIORITY',
  'FILES',
  'BYTES',
  'CREATION TIME',
  'MODIFICATION TIME',
  'COMPLETION TIME',
  'ACL FLAGS',
  'NOTIFY INTERFACE',
  'NOTIFICATION FLAGS',
  'RETRY DELAY',
  'NO PROGRESS TIMEOUT',
  'ERROR COUNT',
  'PROXY USAGE',
  'PROXY LIST',
  'PROXY BYPASS LIST',
  'ERROR FILE',
  'ERROR CODE',
  'ERROR CONTEXT',
  'DESCRIPTION',
  'JOB FILES',
  'NOTIFICATION COMMAND LINE',
  'owner MIC integrity level',
  'owner elevated ?',
  'CUSTOM HEADERS',
] as const

export type Label = (typeof LABELS)[number]

/** The label that may follow another on the same line; any other text there belongs to the value. */
const FOLLOWS: Partial<Record<Label, Label>> = {
  GUID: 'DISPLAY',
  TYPE: 'STATE',
  STATE: 'OWNER',
  PRIORITY: 'FILES',
  FILES: 'BYTES',
  'CREATION TIME': 'MODIFICATION TIME',
  'COMPLETION TIME': 'ACL FLAGS',
  'NOTIFY INTERFACE': 'NOTIFICATION FLAGS',
  'RETRY DELAY': 'NO PROGRESS TIMEOUT',
  'NO PROGRESS TIMEOUT': 'ERROR COUNT',
  'PROXY USAGE': 'PROXY LIST',
  'PROXY LIST': 'PROXY BYPASS LIST',
}

/** Longest first, so `PROXY BYPASS LIST` is not read as `PROXY ...`. */
const BY_LENGTH = [...LABELS].sort((a, b) => b.length - a.length)

/** The label a line starts with (`owner elevated ?` takes no colon), or undefined. */
export function labelAt(text: string, pos = 0): {label: Label; valueStart: number} | undefined {
  for (const label of BY_LENGTH) {
    if (!text.startsWith(label, pos)) continue
    const after = pos + label.length
    if (label === 'owner elevated ?') return {label, valueStart: after}
    if (text[after] === ':') return {label, valueStart: after + 1}
  }
  return undefined
}

/** Splits a logical line that starts with a label into its pairs; values are trimmed. */
export function splitPairs(text: string): Array<{label: Label; value: string}> {
  const pairs: Array<{label: Label; value: string}> = []
  let at = labelAt(text)
  while (at) {
    let end = text.length
    let following: {label: Label; valueStart: number} | undefined
    // The usual successor, or a later one in the chain when a label is missing from the line.
    for (let next = FOLLOWS[at.label]; next; next = FOLLOWS[next]) {
      const i = text.indexOf(` ${next}:`, at.valueStart)
      const j = text.indexOf(`\t${next}:`, at.valueStart)
      const index = i < 0 ? j : j < 0 ? i : Math.min(i, j)
      if (index >= 0 && index < end) {
        end = index
        following = {label: next, valueStart: index + 1 + next.length + 1}
      }
    }
    pairs.push({label: at.label, value: text.slice(at.valueStart, end).trim()})
    at = following
  }
  return pairs
}

/** Text bitsadmin prints around the jobs: banner, copyright, deprecation notice. */
export function isBoilerplate(text: string): boolean {
  return (
    /^BITSADMIN version \d/i.test(text) ||
    /^BITS administration utility\.?$/i.test(text) ||
    /^\(C\) Copyright /i.test(text) ||
    /^BITSAdmin is deprecated/i.test(text) ||
    /^Administrative tools for the BITS service are now provided by BITS PowerShell cmdlets/i.test(text)
  )
}
