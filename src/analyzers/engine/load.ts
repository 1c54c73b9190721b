/** Reads and validates the YAML rule files; every problem names the file and the rule. */
import {existsSync, readdirSync, readFileSync} from 'node:fs'
import {join} from 'node:path'
import {fileURLToPath} from 'node:url'
import yaml from 'js-yaml'
import type {EventCategory} from '../../model/event.js'
import {SEVERITIES, type Severity} from '../../model/finding.js'
import {ConditionError, compileCondition} from './compile.js'
import {RuleError} from './errors.js'
import {isKnownField} from './fields.js'
import type {CompiledRule, RuleScope, RuleSpec} from './types.js'

const ALLOWED_KEYS = new Set([
  'id', 'title', 'description', 'techniques', 'severity', 'appliesTo', 'condition', 'fields', 'summary',
  'falsepositives', 'references', 'group', 'role',
])
const SCOPE_KEYS = new Set(['category', 'action', 'provider', 'eventId'])
const CATEGORIES: EventCategory[] = ['process', 'bits', 'registry', 'task', 'service', 'file', 'network', 'authentication', 'other']

/**
 * Where the rule files are: beside this module's folder in the sources (`src/analyzers/rules`); a build that
 * does not copy them to `dist/analyzers/rules` falls back to the sources next to it.
 */
export function defaultRulesDir(): string {
  const here = fileURLToPath(new URL('../rules/', import.meta.url))
  if (existsSync(here)) return here
  const fromDist = fileURLToPath(new URL('../../../src/analyzers/rules/', import.meta.url))
  return existsSync(fromDist) ? fromDist : here
}

export interface LoadRulesOptions {
  /** Folder of `*.yml` rule files; defaults to the bundled rules. */
  dir?: string
}

/** Loads, validates and compiles every rule; throws RuleError on the first bad file or rule. */
export function loadRules(opts: LoadRulesOptions = {}): CompiledRule[] {
  const dir = opts.dir ?? defaultRulesDir()
  let names: string[]
  try {
    names = readdirSync(dir).filter(n => /\.ya?ml$/i.test(n)).sort()
  } catch (error) {
    throw new RuleError(dir, undefined, 'cannot read the rules folder', {cause: error})
  }
  const out: CompiledRule[] = []
  const seen = new Map<string, string>()
  for (const name of names) {
    const file = join(dir, name)
    for (const rule of compileRuleText(readFileSync(file, 'utf8'), file)) {
      const prior = seen.get(rule.spec.id)
      if (prior) throw new RuleError(file, rule.spec.id, `duplicate rule id (also in ${prior})`)
      seen.set(rule.spec.id, file)
      out.push(rule)
    }
  }
  return out
}

/** Compiles the rules of one YAML text (one rule per document). */
export function compileRuleText(text: string, file: string): CompiledRule[] {
  let docs: unknown[]
  try {
    docs = yaml.loadAll(text, undefined, {schema: yaml.CORE_SCHEMA, filename: file})
  } catch (error) {
    throw new RuleError(file, undefined, `not valid YAML: ${error instanceof Error ? error.message : String(error)}`, {cause: error})
  }
  return docs.filter(d => d !== null && d !== undefined).map(d => compileRule(d, file))
}

function compileRule(doc: unknown, file: string): CompiledRule {
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) throw new RuleError(file, undefined, 'a rule must be a mapping')
  const raw = doc as Record<string, unknown>
  const id = typeof raw.id === 'string' && /^[a-z0-9][a-z0-9.-]*$/.test(raw.id) ? raw.id : undefined
  const fail = (reason: string): never => {
    throw new RuleError(file, id ?? (typeof raw.id === 'string' ? raw.id : undefined), reason)
  }
  if (!id) fail('id must be lower-case letters, digits, dots and dashes')
  for (const key of Object.keys(raw)) if (!ALLOWED_KEYS.has(key)) fail(`unknown key "${key}" (allowed: ${[...ALLOWED_KEYS].join(', ')})`)
  const text = (key: string, required: boolean): string | undefined => {
    const v = raw[key]
    if (v === undefined && !required) return undefined
    if (typeof v !== 'string' || !v.trim()) fail(`${key} must be a non-empty text`)
    return (v as string).trim()
  }
  const list = (key: string, required: boolean): string[] | undefined => {
    const v = raw[key]
    if (v === undefined && !required) return undefined
    if (!Array.isArray(v) || (required && v.length === 0) || v.some(x => typeof x !== 'string')) fail(`${key} must be a list of texts`)
    return v as string[]
  }
  const severity = raw.severity
  if (typeof severity !== 'string' || !SEVERITIES.includes(severity as Severity)) fail(`severity must be one of ${SEVERITIES.join(', ')}`)
  const techniques = list('techniques', true)!
  for (const t of techniques) if (!/^T\d{4}(\.\d{3})?$/.test(t)) fail(`technique "${t}" is not an ATT&CK id such as T1197 or T1547.001`)
  const fields = list('fields', true)!
  for (const f of fields) if (!isKnownField(f)) fail(`fields: unknown field "${f}"`)
  const summary = text('summary', false)
  if (summary) for (const m of summary.matchAll(/\{([^}]+)\}/g)) if (!isKnownField(m[1]!)) fail(`summary: unknown field "${m[1]}"`)
  const role = raw.role ?? 'finding'
  if (role !== 'finding' && role !== 'signal') fail('role must be finding or signal')
  const appliesTo = compileScopes(raw.appliesTo, fail)

  const spec: RuleSpec = {
    id: id!,
    title: text('title', true)!,
    description: text('description', true)!,
    techniques,
    severity: severity as Severity,
    appliesTo,
    condition: raw.condition,
    fields,
    role: role as RuleSpec['role'],
    file,
  }
  if (summary) spec.summary = summary
  const fp = list('falsepositives', false)
  if (fp) spec.falsepositives = fp
  const refs = list('references', false)
  if (refs) spec.references = refs
  const group = text('group', false)
  if (group) spec.group = group

  let matches
  try {
    matches = compileCondition(raw.condition)
  } catch (error) {
    if (error instanceof ConditionError) fail(error.message)
    throw error
  }
  return {spec, inScope: scopePredicate(appliesTo), matches: matches!}
}

function compileScopes(value: unknown, fail: (reason: string) => never): RuleScope[] {
  const list = Array.isArray(value) ? value : [value]
  if (value === undefined || list.length === 0) fail('appliesTo must name the events the rule reads (category, action, provider, eventId)')
  return list.map((s, i) => {
    if (typeof s !== 'object' || s === null || Array.isArray(s)) fail(`appliesTo[${i}] must be a mapping`)
    const scope: RuleScope = {}
    for (const [k, v] of Object.entries(s as Record<string, unknown>)) {
      if (!SCOPE_KEYS.has(k)) fail(`appliesTo[${i}]: unknown key "${k}" (allowed: ${[...SCOPE_KEYS].join(', ')})`)
      const vals = Array.isArray(v) ? v : [v]
      if (k === 'eventId') {
        if (vals.some(x => typeof x !== 'number' || !Number.isInteger(x))) fail(`appliesTo[${i}].eventId must be integers`)
        scope.eventId = vals as number[]
      } else {
        if (vals.some(x => typeof x !== 'string')) fail(`appliesTo[${i}].${k} must be texts`)
        if (k === 'category') {
          for (const c of vals) if (!CATEGORIES.includes(c as EventCategory)) fail(`appliesTo[${i}].category: unknown category "${c}"`)
          scope.category = vals as EventCategory[]
        } else if (k === 'action') scope.action = vals as string[]
        else scope.provider = (vals as string[]).map(p => p.toLowerCase())
      }
    }
    if (Object.keys(scope).length === 0) fail(`appliesTo[${i}] is empty`)
    return scope
  })
}

function scopePredicate(scopes: RuleScope[]): CompiledRule['inScope'] {
  return e =>
    scopes.some(
      s =>
        (!s.category || s.category.includes(e.category)) &&
        (!s.action || s.action.includes(e.action)) &&
        (!s.provider || (e.provider !== undefined && s.provider.includes(e.provider.toLowerCase()))) &&
        (!s.eventId || (e.eventId !== undefined && s.eventId.includes(e.eventId))),
    )
}

/** One row per rule for `bitstrail rules`. */
export interface RuleListing {
  id: string
  title: string
  severity: Severity
  techniques: string[]
  role: 'finding' | 'signal' | 'analyzer'
  appliesTo: string
  description: string
  file?: string
}

export function describeScope(scopes: RuleScope[]): string {
  return scopes
    .map(s =>
      [
        s.category ? s.category.join('|') : '',
        s.provider ? s.provider.join('|') : '',
        s.eventId ? `#${s.eventId.join(',')}` : '',
        s.action ? s.action.join('|') : '',
      ]
        .filter(Boolean)
        .join(' '),
    )
    .join('; ')
}
