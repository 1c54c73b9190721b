/**
 * JSON rendering in the shape of the Rust evtx crate's `evtx_dump -o json` (default, non-separated attributes):
 * attributes under `#attributes`, mixed content under `#text`, EventData/UserData `Data[@Name]` flattened,
 * unnamed Data as `{"Data": {"#text": [...]}}`, repeated sibling names suffixed `_1`, `_2`, ...
 */

import {ByteOut, Escape} from './byte-out.js'
import {AttrNode, ElementNode, NodeKind, type Node} from './binxml/nodes.js'
import {isEmptyValue, jsonNumberText, writeValue, type ValueSource} from './binxml/values.js'
import {HOLE_NUMBER, isNumberClass, type Recorder} from './compiled.js'

const ENTITIES: Record<string, string> = {quot: '"', apos: "'", amp: '&', lt: '<', gt: '>'}
const K_ATTRS = new TextEncoder().encode('"#attributes":{')
const K_TEXT = new TextEncoder().encode('"#text":')
const K_DATA = new TextEncoder().encode('"Data":{"#text":')
const NULL = new TextEncoder().encode('null')

export class JsonRenderer {
  /** When set, substituted values become holes of a compiled program instead of bytes. */
  rec: Recorder | null = null

  constructor(
    private readonly out: ByteOut,
    private readonly src: ValueSource,
  ) {}

  /** `{"Event": ...}` for the record's root element. */
  record(root: ElementNode): void {
    const o = this.out
    o.byte(0x7b)
    o.bytes(root.name.jsonKey)
    this.elementValue(root, false)
    o.byte(0x7d)
  }

  private isContent(n: Node): boolean {
    switch (n.kind) {
      case NodeKind.Text: return n.text.length > 0
      case NodeKind.EntityRef: case NodeKind.CharRef: return true
      case NodeKind.Value: return !isEmptyValue(this.src, n.type, n.off, n.size)
      default: return false
    }
  }

  private hasContent(nodes: readonly Node[]): boolean {
    for (let i = 0; i < nodes.length; i++) if (this.isContent(nodes[i]!)) return true
    return false
  }

  private attrsHaveText(attrs: readonly AttrNode[]): boolean {
    for (let i = 0; i < attrs.length; i++) if (this.hasContent(attrs[i]!.value)) return true
    return false
  }

  private writeNumber(n: Node): boolean {
    if (n.kind !== NodeKind.Value) return false
    if (this.rec && n.sub >= 0) {
      if (!isNumberClass(n.type, n.size)) return false
      if (this.rec.hole(n.vals, n.sub, HOLE_NUMBER)) return true
    }
    const t = jsonNumberText(this.src, n.type, n.off, n.size)
    if (t === undefined) return false
    this.out.ascii(t)
    return true
  }

  private text(nodes: readonly Node[]): void {
    const o = this.out
    for (let i = 0; i < nodes.length; i++) {
      const n = nodes[i]!
      switch (n.kind) {
        case NodeKind.Text: o.str(n.text, Escape.Json); break
        case NodeKind.Value:
          if (!(this.rec && n.sub >= 0 && this.rec.hole(n.vals, n.sub, Escape.Json))) writeValue(o, this.src, n.type, n.off, n.size, Escape.Json)
          break
        case NodeKind.CharRef: o.str(String.fromCodePoint(n.code), Escape.Json); break
        case NodeKind.EntityRef: {
          const e = ENTITIES[n.name.text]
          o.str(e ?? `&${n.name.text};`, Escape.Json)
          break
        }
        default: break
      }
    }
  }

  private tryNumber(nodes: readonly Node[], skipElements: boolean): boolean {
    let single: Node | null = null
    for (let i = 0; i < nodes.length; i++) {
      const n = nodes[i]!
      switch (n.kind) {
        case NodeKind.Element:
          if (skipElements) continue
          return false
        case NodeKind.Text:
          if (skipElements) {
            if (n.text.length > 0) return false
          } else if (single !== null || n.text.length > 0) return false
          else single = n
          break
        case NodeKind.Value:
          if (skipElements && isEmptyValue(this.src, n.type, n.off, n.size)) continue
          if (single !== null) return false
          single = n
          break
        case NodeKind.CharRef: case NodeKind.EntityRef:
          return false
        case NodeKind.PI:
          if (!skipElements) {
            if (single !== null) return false
            single = n
          }
          break
        default:
          return false
      }
    }
    return single !== null && this.writeNumber(single)
  }

  private contentValue(nodes: readonly Node[], skipElements: boolean): void {
    if (this.tryNumber(nodes, skipElements)) return
    const o = this.out
    o.byte(0x22)
    this.text(nodes)
    o.byte(0x22)
  }

  private attrsObject(attrs: readonly AttrNode[]): boolean {
    if (!this.attrsHaveText(attrs)) return false
    const o = this.out
    o.bytes(K_ATTRS)
    let first = true
    for (let i = 0; i < attrs.length; i++) {
      const a = attrs[i]!
      if (!this.hasContent(a.value)) continue
      if (!first) o.byte(0x2c)
      first = false
      o.bytes(a.name.jsonKey)
      if (this.tryNumber(a.value, false)) continue
      o.byte(0x22)
      this.text(a.value)
      o.byte(0x22)
    }
    o.byte(0x7d)
    return true
  }

  private leafValue(el: ElementNode, emptyAsString: boolean): boolean {
    const kids = el.children
    if (kids.length !== 1) return false
    const k = kids[0]!
    const o = this.out
    if (k.kind === NodeKind.Text && !k.cdata) {
      if (k.text.length === 0) {
        if (emptyAsString) o.ascii('""')
        else o.bytes(NULL)
      } else {
        o.byte(0x22)
        o.str(k.text, Escape.Json)
        o.byte(0x22)
      }
      return true
    }
    if (k.kind === NodeKind.Value) {
      if (isEmptyValue(this.src, k.type, k.off, k.size)) {
        if (emptyAsString) o.ascii('""')
        else o.bytes(NULL)
        return true
      }
      if (this.writeNumber(k)) return true
      o.byte(0x22)
      if (!(this.rec && k.sub >= 0 && this.rec.hole(k.vals, k.sub, Escape.Json))) writeValue(o, this.src, k.type, k.off, k.size, Escape.Json)
      o.byte(0x22)
      return true
    }
    return false
  }

  private layout(el: ElementNode): number {
    let hasText = false
    let hasElem = false
    const kids = el.children
    for (let i = 0; i < kids.length; i++) {
      const k = kids[i]!
      if (k.kind === NodeKind.Element) hasElem = true
      else if (!hasText && this.isContent(k)) hasText = true
    }
    return (hasText ? 1 : 0) | (hasElem ? 2 : 0)
  }

  private dataValue(el: ElementNode): void {
    if (this.leafValue(el, true)) return
    const l = this.layout(el)
    if (l === 0) this.out.ascii('""')
    else if (l & 2) this.body(el, false, (l & 1) !== 0)
    else this.contentValue(el.children, false)
  }

  private elementValue(el: ElementNode, childIsContainer: boolean): void {
    if (el.attrs.length === 0 && this.leafValue(el, false)) return
    const l = this.layout(el)
    const attrText = this.attrsHaveText(el.attrs)
    if (l === 0 && !attrText) this.out.bytes(NULL)
    else if ((l & 2) === 0 && !attrText) this.contentValue(el.children, false)
    else this.body(el, childIsContainer, (l & 1) !== 0)
  }

  private nameAttr(el: ElementNode): AttrNode | undefined {
    for (let i = 0; i < el.attrs.length; i++) if (el.attrs[i]!.name.text === 'Name') return el.attrs[i]
    return undefined
  }

  private body(el: ElementNode, inDataContainer: boolean, hasText: boolean): void {
    const o = this.out
    const kids = el.children
    let flatten = false
    let positional = 0
    if (inDataContainer) {
      for (let i = 0; i < kids.length; i++) {
        const k = kids[i]!
        if (k.kind !== NodeKind.Element || k.name.text !== 'Data') continue
        const na = this.nameAttr(k)
        if (na && this.hasContent(na.value)) {
          flatten = true
          break
        }
      }
      if (!flatten) for (const k of kids) if (k.kind === NodeKind.Element && k.name.text === 'Data') positional++
    }
    o.byte(0x7b)
    let wrote = false
    if (el.attrs.length > 0 && this.attrsObject(el.attrs)) wrote = true
    if (hasText) {
      if (wrote) o.byte(0x2c)
      wrote = true
      o.bytes(K_TEXT)
      this.contentValue(kids, true)
    }
    let positionalDone = false
    let seen: Array<[string, number]> | null = null
    for (let i = 0; i < kids.length; i++) {
      const k = kids[i]!
      if (k.kind !== NodeKind.Element) continue
      const name = k.name.text
      if (inDataContainer && name === 'Data') {
        if (flatten) {
          const na = this.nameAttr(k)
          if (!na || !this.hasContent(na.value)) continue
          if (wrote) o.byte(0x2c)
          wrote = true
          o.byte(0x22)
          this.text(na.value)
          o.byte(0x22)
          o.byte(0x3a)
          this.dataValue(k)
        } else if (!positionalDone && positional > 0) {
          if (wrote) o.byte(0x2c)
          wrote = true
          positionalDone = true
          o.bytes(K_DATA)
          if (positional === 1) this.dataValue(k)
          else {
            o.byte(0x5b)
            let first = true
            for (let j = 0; j < kids.length; j++) {
              const c = kids[j]!
              if (c.kind !== NodeKind.Element || c.name.text !== 'Data') continue
              if (!first) o.byte(0x2c)
              first = false
              this.dataValue(c)
            }
            o.byte(0x5d)
          }
          o.byte(0x7d)
        }
        continue
      }
      let suffix = 0
      seen ??= []
      let found = false
      for (const entry of seen) {
        if (entry[0] === name) {
          suffix = entry[1]++
          found = true
          break
        }
      }
      if (!found) seen.push([name, 1])
      if (wrote) o.byte(0x2c)
      wrote = true
      if (suffix > 0) {
        o.byte(0x22)
        o.str(name, Escape.Json)
        o.ascii(`_${suffix}":`)
      } else o.bytes(k.name.jsonKey)
      this.elementValue(k, name === 'EventData' || name === 'UserData')
    }
    o.byte(0x7d)
  }
}
