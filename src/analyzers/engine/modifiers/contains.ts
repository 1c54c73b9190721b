import type {Modifier} from '../types.js'

export const contains: Modifier = {
  name: 'contains',
  kind: 'compare',
  description: 'the value contains the rule text',
  expects: 'string',
  compile(expected, flags) {
    const e = flags.caseSensitive ? String(expected) : String(expected).toLowerCase()
    return actual => actual !== undefined && (flags.caseSensitive ? actual : actual.toLowerCase()).includes(e)
  },
}
