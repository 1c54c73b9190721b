/** The byte writers of the compiled renderers agree with the string renderers; template structure numbering. */
import t from 'tap'
import {ByteOut, Escape} from '../../src/parsers/evtx/byte-out.js'
import {newValueSource, valueText, writeValue} from '../../src/parsers/evtx/binxml/values.js'
import {AttrNode, ElementNode, SubstitutionNode, TextNode, type Node} from '../../src/parsers/evtx/binxml/nodes.js'
import {KeyInterner} from '../../src/parsers/evtx/compiled.js'
import {Name} from '../../src/parsers/evtx/string-cache.js'

const SCALARS = [0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f, 0x10, 0x11, 0x12, 0x13, 0x14, 0x15]
const SIZES: Record<number, number> = {0x03: 1, 0x04: 1, 0x05: 2, 0x06: 2, 0x07: 4, 0x08: 4, 0x09: 8, 0x0a: 8, 0x0b: 4, 0x0c: 8, 0x0d: 4, 0x0f: 16, 0x11: 8, 0x12: 16, 0x14: 4, 0x15: 8}

/** Deterministic xorshift bytes. */
function rng(seed: number): () => number {
  let x = seed
  return () => {
    x ^= x << 13
    x ^= x >>> 17
    x ^= x << 5
    return x & 0xff
  }
}

/** Edge patterns and random bytes for a value of `size` bytes. */
function patterns(size: number, next: () => number): number[][] {
  const out: number[][] = [Array(size).fill(0), Array(size).fill(0xff), Array(size).fill(0x7f), Array(size).fill(0x80)]
  if (size >= 4) out.push([0xff, 0xff, 0xff, 0xff, ...Array(size - 4).fill(0)])
  if (size >= 5) out.push([0, 0, 0, 0, 1, ...Array(size - 5).fill(0)])
  if (size >= 8) out.push([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x1f, 0], [0, 0, 0, 0, 0, 0, 0x20, 0], [1, 0, 0, 0, 0, 0, 0, 0x80])
  for (let i = 0; i < 200; i++) out.push(Array.from({length: size}, next))
  return out
}

t.test('writeValue writes exactly the UTF-8 of valueText for every scalar type, size and byte pattern', async (t) => {
  const next = rng(0x2545f491)
  const enc = new TextEncoder()
  let checked = 0
  let mismatches = 0
  for (const type of SCALARS) {
    const full = SIZES[type]
    const sizes = full === undefined ? [0, 1, 3, 7, 16] : [full, full - 1, 0, full + 3]
    for (const size of sizes) {
      if (size < 0) continue
      for (const bytes of patterns(size, next)) {
        const buf = new Uint8Array(bytes.length + 16)
        buf.set(bytes, 8)
        const src = newValueSource(buf)
        const want = enc.encode(valueText(src, type, 8, bytes.length))
        const out = new ByteOut(8)
        writeValue(out, src, type, 8, bytes.length, Escape.None)
        const got = out.slice()
        checked++
        if (Buffer.compare(Buffer.from(got), Buffer.from(want)) !== 0) {
          mismatches++
          if (mismatches <= 5) t.fail(`type 0x${type.toString(16)} bytes ${Buffer.from(bytes).toString('hex')}: ${Buffer.from(got).toString()} != ${Buffer.from(want).toString()}`)
        }
      }
    }
  }
  t.equal(mismatches, 0, `${checked} values compared`)
  t.ok(checked > 10000)
})

t.test('FILETIME: byte writer equals the text form from 1601 to 9999 and beyond', async (t) => {
  const next = rng(0x1234567)
  const enc = new TextEncoder()
  const ticks: bigint[] = [0n, 1n, 9999999n, 10000000n, 116444736000000000n, 116444735999999999n, 2650467743999999999n, 2650467744000000000n, 0xffffffffffffffffn]
  for (let i = 0; i < 3000; i++) {
    let v = 0n
    for (let j = 0; j < 8; j++) v = (v << 8n) | BigInt(next())
    ticks.push(v % 2700000000000000000n)
  }
  let bad = 0
  for (const v of ticks) {
    const buf = new Uint8Array(24)
    new DataView(buf.buffer).setBigUint64(8, v, true)
    const src = newValueSource(buf)
    const out = new ByteOut(4)
    writeValue(out, src, 0x11, 8, 8, Escape.Json)
    const want = valueText(newValueSource(buf), 0x11, 8, 8)
    if (Buffer.from(out.slice()).toString() !== want) bad++
    if (v === 116444736000000000n) t.equal(want, '1970-01-01T00:00:00.0000000Z')
    t.same(Buffer.from(out.slice()), Buffer.from(enc.encode(want)), String(v))
    if (bad > 3) break
  }
  t.equal(bad, 0)
})

t.test('ANSI strings: windows-1252 bytes 0x80-0x9f, Latin-1 above, NUL ends the string', async (t) => {
  const render = (bytes: number[]): string => valueText(newValueSource(Uint8Array.from(bytes)), 0x02, 0, bytes.length)
  t.equal(render([0x41, 0xe9, 0xff, 0xa0]), 'A\u00e9\u00ff\u00a0')
  t.equal(render([0x80, 0x41, 0x9f]), '\u20acA\u0178')
  t.equal(render([0x43, 0x3a, 0x5c, 0, 0x80]), 'C:\\')
  const out = new ByteOut(4)
  out.latin1(Uint8Array.from([0x22, 0x5c, 0x41, 0x0a, 0x80]), 0, 5, Escape.Json)
  t.equal(Buffer.from(out.slice()).toString(), '\\"\\\\A\\n\u20ac')
})

t.test('ByteOut number writers', async (t) => {
  const w = (f: (o: ByteOut) => void): string => {
    const o = new ByteOut(2)
    f(o)
    return Buffer.from(o.slice()).toString()
  }
  for (const v of [0, 9, 10, 99, 100, 4294967295, 4294967296, 9999999999, 10000000000, 2 ** 53 - 1]) t.equal(w((o) => o.uint(v)), String(v))
  for (const v of [-1, -128, -2147483648, 2147483647]) t.equal(w((o) => o.int(v)), String(v))
  t.equal(w((o) => o.hexBytes(Uint8Array.from([0, 0xab, 0x0f, 0xff]), 0, 4)), '00AB0FFF')
  t.equal(w((o) => o.guid(Uint8Array.from([0x25, 0x96, 0x84, 0x54, 0x78, 0x54, 0x94, 0x49, 0xa5, 0xba, 0x3e, 0x3b, 0x03, 0x28, 0xc3, 0x0d]), 0)), '{54849625-5478-4994-A5BA-3E3B0328C30D}')
})

/** `<Event a="lit"><Data>%0</Data></Event>` built from fresh nodes (as each chunk parses its own copy). */
function template(attrText: string, subType: number): Node[] {
  const root = new ElementNode(new Name('Event'))
  const a = new AttrNode(new Name('a'))
  a.value.push(new TextNode(attrText, false))
  root.attrs.push(a)
  const data = new ElementNode(new Name('Data'))
  data.children.push(new SubstitutionNode(0, subType, true))
  root.children.push(data)
  return [root]
}

t.test('KeyInterner: one number per template structure, across separately parsed copies', async (t) => {
  const ids = new KeyInterner()
  const guid = '{00000000-0000-0000-0000-000000000001}'
  const a = ids.idOf(guid, template('x', 1))
  t.equal(ids.idOf(guid, template('x', 1)), a, 'same structure, new nodes')
  t.not(ids.idOf(guid, template('y', 1)), a, 'attribute text differs')
  t.not(ids.idOf(guid, template('x', 8)), a, 'substitution type differs')
  t.not(ids.idOf('{00000000-0000-0000-0000-000000000002}', template('x', 1)), a, 'GUID differs')
  t.equal(ids.size, 4)
})
