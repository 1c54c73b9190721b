import type {Modifier} from '../types.js'

export const startswith: Modifier = {
  name: 'startswith',
  kind: 'compare',
  description: 'the value starts with the rule text',
  expects: 'string',
  compile(expected, flags) {
    const e = flags.caseSensitive ? String(expected) : String(expected).toLowerCase()
    return actual => actual !== undefined && (flags.caseSensitive ? actual : actual.toLowerCase()).startsWith(e)
  },
}
