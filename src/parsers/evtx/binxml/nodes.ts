/** The BinXml token tree: template definitions and records parse into these; rendering resolves them. */

import type {Name} from '../string-cache.js'

export const NodeKind = {
  Element: 1,
  Text: 2,
  Substitution: 3,
  CharRef: 4,
  EntityRef: 5,
  PI: 6,
  Instance: 7,
  Value: 8,
} as const

export class ElementNode {
  readonly kind = NodeKind.Element
  attrs: AttrNode[] = []
  children: Node[] = []
  constructor(readonly name: Name) {}
}

export class AttrNode {
  value: Node[] = []
  constructor(readonly name: Name) {}
}

/** Literal text (value text token, CDATA section). */
export class TextNode {
  readonly kind = NodeKind.Text
  constructor(
    readonly text: string,
    readonly cdata: boolean,
  ) {}
}

export class SubstitutionNode {
  readonly kind = NodeKind.Substitution
  constructor(
    readonly index: number,
    readonly type: number,
    readonly optional: boolean,
  ) {}
}

export class CharRefNode {
  readonly kind = NodeKind.CharRef
  constructor(readonly code: number) {}
}

export class EntityRefNode {
  readonly kind = NodeKind.EntityRef
  constructor(readonly name: Name) {}
}

export class PINode {
  readonly kind = NodeKind.PI
  data = ''
  constructor(readonly target: Name) {}
}

/** A typed value in the chunk buffer: a substitution resolved, or a non-string value token. */
export class ValueNode {
  readonly kind = NodeKind.Value
  constructor(
    readonly type: number,
    readonly off: number,
    readonly size: number,
    /** Substitution index it came from (-1 for a value token), used when compiling a template renderer. */
    readonly sub = -1,
    /** The instance values it came from. */
    readonly vals: Values | null = null,
  ) {}
}

/** Substitution values of one template instance, as parallel arrays of type / chunk offset / size. */
export interface Values {
  types: number[]
  offs: number[]
  sizes: number[]
}

export class InstanceNode {
  readonly kind = NodeKind.Instance
  constructor(
    readonly template: TemplateDefinition,
    readonly values: Values,
  ) {}
}

export type Node = ElementNode | TextNode | SubstitutionNode | CharRefNode | EntityRefNode | PINode | ValueNode | InstanceNode

export interface TemplateDefinition {
  offset: number
  guid: string
  dataSize: number
  nodes: Node[]
  /** Chunk offsets of the definition's name references (they differ between chunks holding the same template). */
  nameRefs: number[]
  /** Per-template extraction plan for the fast path, built on first use. */
  plan: unknown
  /** The same for a template that is the inner element of UserData. */
  innerPlan: unknown
  /** Small per-thread number standing for the template's structure (see compiled.ts); -1 until computed. */
  keyId: number
}

/** A template definition with every field present from the start (one object shape for all of them). */
export function newTemplateDefinition(offset: number, guid: string, dataSize: number, nodes: Node[], nameRefs: number[]): TemplateDefinition {
  return {offset, guid, dataSize, nodes, nameRefs, plan: undefined, innerPlan: undefined, keyId: -1}
}
