/** Value types rendered as Windows shows them, from hand-built little-endian bytes. */
import t from 'tap'
import {ByteOut, Escape} from '../../src/parsers/evtx/byte-out.js'
import {crc32, crc32Table} from '../../src/parsers/evtx/crc32.js'
import {newValueSource, valueText, writeValue, isEmptyValue, jsonNumberText} from '../../src/parsers/evtx/binxml/values.js'

/** Puts `bytes` at offset 8 of a fresh buffer and renders them as `type`. */
function text(type: number, bytes: number[]): string {
  const buf = new Uint8Array(bytes.length + 16)
  buf.set(bytes, 8)
  return valueText(newValueSource(buf), type, 8, bytes.length)
}

const le = (v: number, n: number): number[] => Array.from({length: n}, (_, i) => Math.floor(v / 2 ** (8 * i)) & 0xff)
const u16s = (s: string): number[] => [...s].flatMap((c) => [c.charCodeAt(0) & 0xff, c.charCodeAt(0) >> 8])

t.test('scalars', async (t) => {
  t.equal(text(0x00, []), '')
  t.equal(text(0x01, [...u16s('Ünïcödé ✓'), 0, 0]), 'Ünïcödé ✓')
  t.equal(text(0x01, [...u16s('cut'), 0, 0, ...u16s('rest')]), 'cut', 'strings stop at NUL')
  t.equal(text(0x01, [0x3d, 0xd8, 0x00, 0xde]), '😀', 'surrogate pair')
  t.equal(text(0x02, [0x41, 0x42, 0xe9, 0, 0x43]), 'ABé')
  t.equal(text(0x03, [0xff]), '-1')
  t.equal(text(0x04, [0xff]), '255')
  t.equal(text(0x05, [0xfe, 0xff]), '-2')
  t.equal(text(0x06, [0x10, 0x12]), '4624')
  t.equal(text(0x07, [0xff, 0xff, 0xff, 0xff]), '-1')
  t.equal(text(0x08, le(4294967295, 4)), '4294967295')
  t.equal(text(0x09, [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]), '-1')
  t.equal(text(0x09, [0, 0, 0, 0, 0, 0, 0, 0x80]), '-9223372036854775808')
  t.equal(text(0x0a, [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]), '18446744073709551615')
  t.equal(text(0x0a, le(2 ** 40 + 5, 8)), '1099511627781')
  t.equal(text(0x0b, [0, 0, 0xc0, 0x3f]), '1.5')
  t.equal(text(0x0c, [0x9a, 0x99, 0x99, 0x99, 0x99, 0x99, 0xb9, 0x3f]), '0.1')
  t.equal(text(0x0d, [1, 0, 0, 0]), 'true')
  t.equal(text(0x0d, [0, 0, 0, 0]), 'false')
  t.equal(text(0x0d, [2, 0, 0, 0]), 'true', 'irregular bool values are true')
  t.equal(text(0x0e, [0x00, 0xab, 0x0f]), '00AB0F')
  t.equal(text(0x0f, [0x25, 0x96, 0x84, 0x54, 0x78, 0x54, 0x94, 0x49, 0xa5, 0xba, 0x3e, 0x3b, 0x03, 0x28, 0xc3, 0x0d]), '{54849625-5478-4994-A5BA-3E3B0328C30D}')
  t.equal(text(0x10, le(0x3e7, 8)), '0x3e7')
  t.equal(text(0x10, le(0x1f, 4)), '0x1f')
  t.equal(text(0x14, le(0xc000006d, 4)), '0xc000006d')
  t.equal(text(0x15, [0, 0, 0, 0, 0, 0, 0x20, 0x80]), '0x8020000000000000')
  t.equal(text(0x15, [0, 0, 0, 0, 0, 0, 0, 0]), '0x0')
  t.equal(text(0x13, [1, 1, 0, 0, 0, 0, 0, 5, 18, 0, 0, 0]), 'S-1-5-18')
  t.equal(text(0x13, [1, 5, 0, 0, 0, 0, 0, 5, 21, 0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 3, 0, 0, 0, 0xf4, 1, 0, 0]), 'S-1-5-21-1-2-3-500')
  t.equal(text(0x13, [1, 5, 0, 0, 0, 0, 0, 5, 21, 0, 0, 0]), 'S-1-5-21', 'incomplete SID renders what is present')
  t.equal(text(0x08, [1, 2]), '0102', 'a value shorter than its type renders as hex')
})

t.test('times', async (t) => {
  const ticks = (BigInt(Date.UTC(2016, 6, 8, 18, 12, 51)) / 1000n + 11644473600n) * 10000000n + 6816408n
  const bytes = Array.from({length: 8}, (_, i) => Number((ticks >> BigInt(8 * i)) & 0xffn))
  t.equal(text(0x11, bytes), '2016-07-08T18:12:51.6816408Z')
  t.equal(text(0x11, le(0, 8)), '1601-01-01T00:00:00.0000000Z')
  t.equal(text(0x11, [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]), '18446744073709551615', 'out of range: the number')
  const st = [2019, 3, 4, 17, 13, 5, 9, 123].flatMap((v) => le(v, 2))
  t.equal(text(0x12, st), '2019-03-17T13:05:09.1230000Z')
})

t.test('arrays', async (t) => {
  t.equal(text(0x81, [...u16s('a'), 0, 0, ...u16s('bc'), 0, 0]), 'a,bc')
  t.equal(text(0x86, [1, 0, 2, 0, 3, 0]), '1,2,3')
  t.equal(text(0x94, [...le(1, 4), ...le(255, 4)]), '0x1,0xff')
  t.equal(text(0x93, [1, 1, 0, 0, 0, 0, 0, 5, 18, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0, 5, 19, 0, 0, 0]), 'S-1-5-18,S-1-5-19')
  t.equal(text(0x8d, [1, 0, 0, 0, 0, 0, 0, 0]), 'true,false')
})

t.test('escaping into bytes', async (t) => {
  const buf = new Uint8Array([...u16s('a"b\\c<&>\n\u0001é\u0085\u007f'), 0, 0])
  const src = newValueSource(buf)
  const render = (mode: (typeof Escape)[keyof typeof Escape]): string => {
    const o = new ByteOut(4)
    writeValue(o, src, 0x01, 0, buf.length, mode)
    return new TextDecoder().decode(o.slice())
  }
  t.equal(render(Escape.Json), 'a\\"b\\\\c<&>\\n\\u0001é\u0085\u007f')
  // C0 controls cannot appear in XML 1.0 at all (U+FFFD); DEL and C1 as references (well-formed in XML 1.0 and 1.1)
  t.equal(render(Escape.XmlText), 'a"b\\c&lt;&amp;&gt;\n\ufffdé&#133;&#127;')
  t.equal(render(Escape.XmlAttr), 'a&quot;b\\c&lt;&amp;&gt;\n\ufffdé&#133;&#127;')
  t.equal(render(Escape.XmlRaw), 'a"b\\c<&>\n\ufffdé\ufffd\ufffd')
  t.equal(isEmptyValue(src, 0x01, 0, 0), true)
  t.equal(isEmptyValue(src, 0x00, 0, 4), true)
  t.equal(jsonNumberText(src, 0x06, 0, 2), '97')
  t.equal(jsonNumberText(src, 0x14, 0, 4), undefined, 'hex stays a string in JSON')
})

t.test('crc32 matches zlib and the portable table', async (t) => {
  const data = new Uint8Array(1000).map((_, i) => (i * 31) & 0xff)
  t.equal(crc32(new TextEncoder().encode('123456789')), 0xcbf43926)
  t.equal(crc32Table(new TextEncoder().encode('123456789')), 0xcbf43926)
  t.equal(crc32(data, 3, 997), crc32Table(data, 3, 997))
  t.equal(crc32(data, 500, 1000, crc32(data, 0, 500)), crc32(data))
})

t.test('XML names from damaged input stay well-formed', async (t) => {
  const {xmlName} = await import('../../src/parsers/evtx/string-cache.js')
  t.equal(xmlName('EventData'), 'EventData')
  t.equal(xmlName('Data-1.x'), 'Data-1.x')
  t.equal(xmlName(''), '_')
  t.equal(xmlName('1st'), '_st')
  t.equal(xmlName('a b<c>&:d'), 'a_b_c___d')
  t.equal(xmlName('xml'), '_xml')
  t.equal(xmlName('Ünïcode'), 'Ünïcode')
})
