import type {Modifier} from '../types.js'

export const endswith: Modifier = {
  name: 'endswith',
  kind: 'compare',
  description: 'the value ends with the rule text',
  expects: 'string',
  compile(expected, flags) {
    const e = flags.caseSensitive ? String(expected) : String(expected).toLowerCase()
    return actual => actual !== undefined && (flags.caseSensitive ? actual : actual.toLowerCase()).endsWith(e)
  },
}
