import type {Modifier} from '../types.js'

function numericComparison(name: string, description: string, holds: (actual: number, expected: number) => boolean): Modifier {
  return {
    name,
    kind: 'compare',
    description,
    expects: 'number',
    compile(expected) {
      const e = Number(expected)
      return actual => {
        if (actual === undefined || actual.trim() === '') return false
        const n = Number(actual)
        return Number.isFinite(n) && holds(n, e)
      }
    },
  }
}

export const gt = numericComparison('gt', 'the value is a number greater than the rule value', (a, e) => a > e)
export const gte = numericComparison('gte', 'the value is a number at least the rule value', (a, e) => a >= e)
export const lt = numericComparison('lt', 'the value is a number less than the rule value', (a, e) => a < e)
export const lte = numericComparison('lte', 'the value is a number at most the rule value', (a, e) => a <= e)
