import type {Modifier} from '../types.js'

export const re: Modifier = {
  name: 're',
  kind: 'compare',
  description: 'the value matches the regular expression (case-insensitive unless |cased)',
  expects: 'string',
  compile(expected, flags) {
    const rx = new RegExp(String(expected), flags.caseSensitive ? 'u' : 'iu')
    return actual => actual !== undefined && rx.test(actual)
  },
}
