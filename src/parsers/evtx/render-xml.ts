/** XML rendering with the content of Windows' own rendering (compact, empty elements self-closed). */

import {ByteOut, Escape} from './byte-out.js'
import {ElementNode, NodeKind, type Node} from './binxml/nodes.js'
import {isEmptyValue, writeValue, type ValueSource} from './binxml/values.js'
import type {Recorder} from './compiled.js'

const PREDEFINED = new Set(['lt', 'gt', 'amp', 'quot', 'apos'])

export class XmlRenderer {
  /** When set, substituted values become holes of a compiled program instead of bytes. */
  rec: Recorder | null = null

  constructor(
    private readonly out: ByteOut,
    private readonly src: ValueSource,
  ) {}

  element(el: ElementNode): void {
    const o = this.out
    o.byte(0x3c)
    o.bytes(el.name.xml)
    for (let i = 0; i < el.attrs.length; i++) {
      const a = el.attrs[i]!
      if (!this.hasContent(a.value)) continue
      if (i > 0 && this.duplicateAttr(el, i)) continue
      o.byte(0x20)
      o.bytes(a.name.xml)
      o.byte(0x3d)
      o.byte(0x22)
      this.content(a.value, Escape.XmlAttr)
      o.byte(0x22)
    }
    if (el.children.length === 0 || !this.hasAnyOutput(el.children)) {
      o.byte(0x2f)
      o.byte(0x3e)
      return
    }
    o.byte(0x3e)
    this.content(el.children, Escape.XmlText)
    o.byte(0x3c)
    o.byte(0x2f)
    o.bytes(el.name.xml)
    o.byte(0x3e)
  }

  /** Damaged input can repeat an attribute name; a repeat would make the document ill-formed, so only the first is kept. */
  private duplicateAttr(el: ElementNode, i: number): boolean {
    const name = el.attrs[i]!.name.xml
    for (let j = 0; j < i; j++) {
      const other = el.attrs[j]!.name.xml
      if (other.length === name.length && other.every((b, k) => b === name[k]) && this.hasContent(el.attrs[j]!.value)) return true
    }
    return false
  }

  private hasContent(nodes: readonly Node[]): boolean {
    for (const n of nodes) {
      if (n.kind === NodeKind.Text ? n.text.length > 0 : n.kind === NodeKind.Value ? !isEmptyValue(this.src, n.type, n.off, n.size) : true) return true
    }
    return false
  }

  private hasAnyOutput(nodes: readonly Node[]): boolean {
    for (const n of nodes) {
      if (n.kind === NodeKind.Text) {
        if (n.text.length > 0 || n.cdata) return true
      } else if (n.kind === NodeKind.Value) {
        if (!isEmptyValue(this.src, n.type, n.off, n.size)) return true
      } else return true
    }
    return false
  }

  private content(nodes: readonly Node[], mode: typeof Escape.XmlText | typeof Escape.XmlAttr): void {
    const o = this.out
    for (let i = 0; i < nodes.length; i++) {
      const n = nodes[i]!
      switch (n.kind) {
        case NodeKind.Element:
          this.element(n)
          break
        case NodeKind.Text:
          if (n.cdata && mode === Escape.XmlText) {
            o.ascii('<![CDATA[')
            o.str(n.text.replace(/]]>/g, ']]]]><![CDATA[>'), Escape.XmlRaw)
            o.ascii(']]>')
          } else o.str(n.text, mode)
          break
        case NodeKind.Value:
          if (!(this.rec && n.sub >= 0 && this.rec.hole(n.vals, n.sub, mode))) writeValue(o, this.src, n.type, n.off, n.size, mode)
          break
        case NodeKind.CharRef:
          if (n.code === 0x9 || n.code === 0xa || n.code === 0xd || (n.code >= 0x20 && n.code <= 0xd7ff) || (n.code >= 0xe000 && n.code <= 0xfffd)) o.ascii(`&#${n.code};`)
          else o.str('\ufffd', mode)
          break
        case NodeKind.EntityRef:
          // only the five predefined entities exist in a document without DTD; others are written as text
          if (PREDEFINED.has(n.name.text)) {
            o.byte(0x26)
            o.bytes(n.name.xml)
            o.byte(0x3b)
          } else o.str(`&${n.name.text};`, mode)
          break
        case NodeKind.PI:
          if (mode === Escape.XmlText) {
            o.ascii('<?')
            o.bytes(n.target.xml)
            if (n.data) {
              o.byte(0x20)
              o.str(n.data.replace(/\?>/g, '? >'), Escape.XmlRaw)
            }
            o.ascii('?>')
          }
          break
        default:
          break
      }
    }
  }
}
