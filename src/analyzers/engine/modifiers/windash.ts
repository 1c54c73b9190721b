import type {Modifier} from '../types.js'

const DASHES = ['-', '/', '\u2013', '\u2014', '\u2015']

export const windash: Modifier = {
  name: 'windash',
  kind: 'expected',
  description: 'a rule value starting with - or / also matches the other prefixes Windows programs accept',
  expand(value) {
    const first = value[0]
    if (first === undefined || !DASHES.includes(first)) return [value]
    return DASHES.map(d => d + value.slice(1))
  },
}
