/** The rule engine's contracts: rules as data, modifiers and helpers as small modules behind one interface each. */
import type {EventCategory, TriageEvent} from '../../model/event.js'
import type {Severity} from '../../model/finding.js'

/** Which events a rule looks at; every listed property must match (lists are any-of). */
export interface RuleScope {
  category?: EventCategory[]
  action?: string[]
  provider?: string[]
  eventId?: number[]
}

/** A rule as written in a YAML file, after validation. */
export interface RuleSpec {
  id: string
  title: string
  description: string
  techniques: string[]
  severity: Severity
  appliesTo: RuleScope[]
  condition: unknown
  fields: string[]
  /** Template for the finding summary: `{process.image}` is replaced by the field's value. */
  summary?: string
  falsepositives?: string[]
  references?: string[]
  /** Rules of one group report an event once: the most severe matching rule wins. */
  group?: string
  /** `signal`: the match feeds a code analyzer instead of becoming a finding. */
  role: 'finding' | 'signal'
  /** The file the rule was read from. */
  file: string
}

export type Predicate = (event: TriageEvent) => boolean

export interface CompiledRule {
  spec: RuleSpec
  /** True when the event is in the rule's scope. */
  inScope: Predicate
  matches: Predicate
}

/** Flags set by `flag` modifiers, read by comparisons. */
export interface MatchFlags {
  caseSensitive: boolean
  all: boolean
}

/** One `|name` in a selector. */
export type Modifier =
  | {
      name: string
      kind: 'actual'
      description: string
      /** Rewrites the event's value before comparison. */
      apply(value: string): string
    }
  | {
      name: string
      kind: 'expected'
      description: string
      /** Expands one rule value into the alternatives it stands for. */
      expand(value: string): string[]
    }
  | {
      name: string
      kind: 'compare'
      description: string
      /** What the rule value must be: a string pattern, a number or a boolean. */
      expects: 'string' | 'number' | 'boolean'
      /** Builds the test for one rule value; throws a plain Error with the reason when the value is unusable. */
      compile(expected: string | number | boolean, flags: MatchFlags): (actual: string | undefined) => boolean
      /** Whether the comparison also runs when the field is absent (`exists`). */
      acceptsMissing?: boolean
    }
  | {
      name: string
      kind: 'flag'
      description: string
      set(flags: MatchFlags): void
    }

/** A named predicate implemented in code, used in conditions as `check: name` or `check: name(field.path)`. */
export type Helper =
  | {name: string; takes: 'event'; description: string; test(event: TriageEvent): boolean}
  | {name: string; takes: 'value'; description: string; test(value: string): boolean}
