import type {Modifier} from '../types.js'

export const gte: Modifier = {
  name: 'gte',
  kind: 'compare',
  description: 'the value is a number at least the rule value',
  expects: 'number',
  compile(expected) {
    const e = Number(expected)
    return actual => {
      if (actual === undefined || actual.trim() === '') return false
      const n = Number(actual)
      return Number.isFinite(n) && n >= e
    }
  },
}
