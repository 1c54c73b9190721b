/** Compiles a rule condition (YAML data) into a predicate, rejecting unknown fields, modifiers and helpers. */
import type {TriageEvent} from '../../model/event.js'
import {isKnownField, resolveField} from './fields.js'
import {HELPERS} from './helpers/index.js'
import {MODIFIERS, defaultComparison} from './modifiers/index.js'
import type {MatchFlags, Modifier, Predicate} from './types.js'

/** Thrown while compiling; the loader adds file and rule. */
export class ConditionError extends Error {
  constructor(
    readonly where: string,
    reason: string,
  ) {
    super(`${where}: ${reason}`)
  }
}

type Scalar = string | number | boolean
const KEYWORDS = new Set(['all', 'any', 'not', 'check'])

export function compileCondition(node: unknown, where = 'condition'): Predicate {
  if (node === null || typeof node !== 'object' || Array.isArray(node)) {
    throw new ConditionError(where, 'expected a mapping of selectors, all/any/not or check')
  }
  const parts: Predicate[] = []
  for (const [key, value] of Object.entries(node as Record<string, unknown>)) {
    const at = `${where}.${key}`
    if (key === 'all' || key === 'any') {
      if (!Array.isArray(value) || value.length === 0) throw new ConditionError(at, `${key} needs a non-empty list`)
      const subs = value.map((v, i) => compileCondition(v, `${at}[${i}]`))
      parts.push(key === 'all' ? e => subs.every(s => s(e)) : e => subs.some(s => s(e)))
    } else if (key === 'not') {
      const sub = compileCondition(value, at)
      parts.push(e => !sub(e))
    } else if (key === 'check') {
      const list = Array.isArray(value) ? value : [value]
      if (list.length === 0) throw new ConditionError(at, 'check needs a helper name')
      for (const [i, c] of list.entries()) parts.push(compileCheck(c, list.length > 1 ? `${at}[${i}]` : at))
    } else {
      parts.push(compileSelector(key, value, at))
    }
  }
  if (parts.length === 0) throw new ConditionError(where, 'empty condition')
  if (parts.length === 1) return parts[0]!
  return e => parts.every(p => p(e))
}

function compileCheck(spec: unknown, at: string): Predicate {
  if (typeof spec !== 'string') throw new ConditionError(at, 'check takes a helper name such as isLolbin(process.image)')
  const m = /^\s*([A-Za-z]\w*)\s*(?:\(\s*([\w.]+)\s*\))?\s*$/.exec(spec)
  if (!m) throw new ConditionError(at, `cannot read check "${spec}" (write name or name(field.path))`)
  const name = m[1]!
  const field = m[2]
  const helper = HELPERS.get(name)
  if (!helper) throw new ConditionError(at, `unknown helper "${name}" (known: ${[...HELPERS.keys()].join(', ')})`)
  if (helper.takes === 'event') {
    if (field) throw new ConditionError(at, `helper ${name} reads the whole event and takes no field`)
    return e => helper.test(e)
  }
  if (!field) throw new ConditionError(at, `helper ${name} needs a field, e.g. ${name}(process.image)`)
  if (!isKnownField(field)) throw new ConditionError(at, `unknown field "${field}"`)
  return e => resolveField(e, field).some(v => helper.test(v))
}

function compileSelector(selector: string, value: unknown, at: string): Predicate {
  const [field, ...names] = selector.split('|').map(s => s.trim())
  if (!field || KEYWORDS.has(field)) throw new ConditionError(at, 'a selector needs a field name')
  if (!isKnownField(field)) throw new ConditionError(at, `unknown field "${field}"`)
  const mods: Modifier[] = []
  for (const n of names) {
    const mod = MODIFIERS.get(n)
    if (!mod) throw new ConditionError(at, `unknown modifier "${n}" (known: ${[...MODIFIERS.keys()].join(', ')})`)
    mods.push(mod)
  }
  const compares = mods.filter(m => m.kind === 'compare')
  if (compares.length > 1) throw new ConditionError(at, `more than one comparison (${compares.map(m => m.name).join(', ')})`)
  const compare = (compares[0] ?? defaultComparison) as Extract<Modifier, {kind: 'compare'}>
  const flags: MatchFlags = {caseSensitive: false, all: false}
  for (const m of mods) if (m.kind === 'flag') m.set(flags)
  const transforms = mods.filter((m): m is Extract<Modifier, {kind: 'actual'}> => m.kind === 'actual')
  const expanders = mods.filter((m): m is Extract<Modifier, {kind: 'expected'}> => m.kind === 'expected')

  const values = Array.isArray(value) ? value : [value]
  if (values.length === 0) throw new ConditionError(at, 'empty value list')
  const tests: Array<(actual: string | undefined) => boolean> = []
  for (const [i, raw] of values.entries()) {
    const vat = Array.isArray(value) ? `${at}[${i}]` : at
    if (raw === null || raw === undefined || typeof raw === 'object') throw new ConditionError(vat, 'values must be text, numbers or booleans')
    const scalar = raw as Scalar
    if (compare.expects === 'number' && !Number.isFinite(Number(scalar))) throw new ConditionError(vat, `${compare.name} needs a number`)
    if (compare.expects === 'boolean' && typeof scalar !== 'boolean') throw new ConditionError(vat, `${compare.name} needs true or false`)
    const alternatives = compare.expects === 'string' ? expand(String(scalar), expanders) : [scalar]
    const alts = alternatives.map(alt => {
      try {
        return compare.compile(alt, flags)
      } catch (error) {
        throw new ConditionError(vat, `bad value for ${compare.name}: ${error instanceof Error ? error.message : String(error)}`)
      }
    })
    tests.push(actual => alts.some(t => t(actual)))
  }

  const prepare = (v: string): string => transforms.reduce((acc, t) => t.apply(acc), v)
  return (e: TriageEvent) => {
    const actuals = resolveField(e, field).map(prepare)
    if (actuals.length === 0) return compare.acceptsMissing ? (flags.all ? tests.every(t => t(undefined)) : tests.some(t => t(undefined))) : false
    const one = (t: (a: string | undefined) => boolean): boolean => actuals.some(a => t(a))
    return flags.all ? tests.every(one) : tests.some(one)
  }
}

function expand(value: string, expanders: Array<Extract<Modifier, {kind: 'expected'}>>): string[] {
  let out = [value]
  for (const x of expanders) out = out.flatMap(v => x.expand(v))
  return out
}
