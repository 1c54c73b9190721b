import type {Modifier} from '../types.js'

/** The comparison used when a selector names none. */
export const equals: Modifier = {
  name: 'equals',
  kind: 'compare',
  description: 'the value equals the rule value (the default comparison)',
  expects: 'string',
  compile(expected, flags) {
    const e = flags.caseSensitive ? String(expected) : String(expected).toLowerCase()
    return actual => actual !== undefined && (flags.caseSensitive ? actual : actual.toLowerCase()) === e
  },
}
