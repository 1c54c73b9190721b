import t from 'tap'
import {writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {
  createChunkDecoder,
  decodeBytes,
  detectEncoding,
  encodedLength,
  linesFromChunks,
  OEM_HIGH_HALF,
  readTextFile,
  readTextLines,
  sniffText,
  type TextLine,
} from '../../src/parsers/text/index.js'
import {parseIsoDateTime} from '../../src/parsers/text/datetime.js'

async function* chunksOf(bytes: Uint8Array, size: number): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size)
}

async function collect(gen: AsyncIterable<TextLine>): Promise<TextLine[]> {
  const out: TextLine[] = []
  for await (const l of gen) out.push(l)
  return out
}

const utf16 = (s: string, bom = true) => Buffer.concat([Buffer.from(bom ? [0xff, 0xfe] : []), Buffer.from(s, 'utf16le')])

t.test('encoding detection', async t => {
  t.strictSame(detectEncoding(utf16('abc')), {encoding: 'utf-16le', bomLength: 2, reason: 'UTF-16LE byte-order mark'})
  t.strictSame(detectEncoding(Buffer.from([0xfe, 0xff, 0, 0x41])), {encoding: 'utf-16be', bomLength: 2, reason: 'UTF-16BE byte-order mark'})
  t.strictSame(detectEncoding(Buffer.from('\ufeffabc')), {encoding: 'utf-8', bomLength: 3, reason: 'UTF-8 byte-order mark'})
  t.strictSame(detectEncoding(utf16('GUID: {x}\r\n', false)), {encoding: 'utf-16le', bomLength: 0, reason: 'UTF-16LE without byte-order mark (zero bytes at alternate positions)'})
  t.strictSame(detectEncoding(Buffer.from('plain ascii')), {encoding: 'utf-8', bomLength: 0, reason: 'ASCII'})
  t.strictSame(detectEncoding(Buffer.from('Grüße')), {encoding: 'utf-8', bomLength: 0, reason: 'valid UTF-8'})
  // 0x81 = ü in both OEM pages; 0xC6 = ã in 850 but ╞ in 437.
  t.equal(detectEncoding(Buffer.from([0x4a, 0x6f, 0xc6, 0x6f])).encoding, 'cp850')
  t.equal(detectEncoding(Buffer.from([0x4a, 0x81, 0x72, 0x67])).encoding, 'cp437')
  // 0xE0 = α in 437, Ó in 850; 0xB0 (░) is box drawing in both.
  t.equal(detectEncoding(Buffer.from([0xb0, 0xb0, 0x41])).encoding, 'cp437')
  t.equal(detectEncoding(Buffer.from([0x43, 0x61, 0x66, 0xe9]), {singleByte: 'ansi'}).encoding, 'windows-1252')
  // A UTF-8 sequence cut by the end of the sniffed window is still UTF-8.
  const long = Buffer.concat([Buffer.alloc(8191, 0x41), Buffer.from('é')])
  t.equal(detectEncoding(long).encoding, 'utf-8')
})

t.test('decoding', async t => {
  t.equal(decodeBytes(Buffer.from([0x4a, 0x6f, 0xc6, 0x6f, 0x20, 0x81, 0xe1])).text, 'João üß')
  t.equal(decodeBytes(Buffer.from([0x43, 0x61, 0x66, 0xe9, 0x80]), {singleByte: 'ansi'}).text, 'Café€')
  t.equal(decodeBytes(utf16('x\u{1F600}y')).text, 'x\u{1F600}y')
  t.equal(OEM_HIGH_HALF.cp437.length, 128)
  t.equal(OEM_HIGH_HALF.cp850.length, 128)
  t.equal(OEM_HIGH_HALF.cp437[0xb0 - 0x80], '░')
  t.equal(OEM_HIGH_HALF.cp850[0x9d - 0x80], 'Ø')
  t.equal(OEM_HIGH_HALF.cp437[0x9d - 0x80], '¥')
  const dec = createChunkDecoder('utf-8')
  const euro = Buffer.from('€')
  t.equal(dec.write(euro.subarray(0, 1)) + dec.write(euro.subarray(1)) + dec.end(), '€')
  t.equal(encodedLength('a€', 'utf-8'), 4)
  t.equal(encodedLength('a€', 'utf-16le'), 4)
  t.equal(encodedLength('a€', 'cp850'), 2)
  t.equal(sniffText(utf16('REGEDIT4')), 'REGEDIT4')
  t.equal(sniffText('\ufeffabc'), 'abc')
})

t.test('line reader: CRLF and LF, chunk boundaries inside characters, exact byte offsets', async t => {
  const text = 'first\r\nzweite Zeile äöü\nthird € line\r\n\r\nlast without newline'
  for (const [name, bytes, bom] of [
    ['utf-8', Buffer.from(text), 0],
    ['utf-16le', utf16(text), 2],
  ] as const) {
    for (const size of [1, 3, 7, 64 * 1024]) {
      const lines = await collect(linesFromChunks(chunksOf(bytes, size)))
      t.strictSame(
        lines.map(l => l.text),
        ['first', 'zweite Zeile äöü', 'third € line', '', 'last without newline'],
        `${name} in chunks of ${size}`,
      )
      t.strictSame(lines.map(l => l.line), [1, 2, 3, 4, 5])
      const unit = name === 'utf-8' ? 1 : 2
      const expected = name === 'utf-8' ? [0, 7, 27, 43, 45] : [0, 7, 24, 38, 40].map(n => bom + n * unit)
      t.strictSame(lines.map(l => l.offset), expected, `${name} offsets, chunks of ${size}`)
    }
  }
  const oem = Buffer.from([0x4a, 0x6f, 0xc6, 0x6f, 0x0d, 0x0a, 0x78])
  let enc = ''
  const lines = await collect(linesFromChunks(chunksOf(oem, 2), {onEncoding: e => (enc = e.encoding)}))
  t.strictSame(lines.map(l => [l.text, l.offset]), [['João', 0], ['x', 6]])
  t.equal(enc, 'cp850')
  t.strictSame(await collect(linesFromChunks(chunksOf(Buffer.alloc(0), 1))), [])
})

t.test('line reader bounds memory: overlong lines are cut and flagged, offsets stay exact', async t => {
  const long = 'x'.repeat(1000)
  const bytes = Buffer.from(`short\n${long}\nafter\n${long}`)
  for (const size of [16, 4096]) {
    const lines = await collect(linesFromChunks(chunksOf(bytes, size), {maxLineLength: 100}))
    t.strictSame(
      lines.map(l => [l.text.length, l.line, l.offset, l.truncated ?? false]),
      [
        [5, 1, 0, false],
        [100, 2, 6, true],
        [5, 3, 1007, false],
        [100, 4, 1013, true],
      ],
      `chunks of ${size}`,
    )
  }
})

t.test('files: streamed lines and whole-file reads with a size bound', async t => {
  const dir = t.testdir()
  const path = join(dir, 'a.txt')
  writeFileSync(path, utf16('one\r\ntwo\r\n'))
  const lines = await collect(readTextLines(path))
  t.strictSame(lines.map(l => [l.text, l.offset]), [['one', 2], ['two', 12]])
  const whole = await readTextFile(path)
  t.ok(whole.ok)
  if (whole.ok) t.equal(whole.text, 'one\r\ntwo\r\n')
  t.strictSame(await readTextFile(path, {maxBytes: 4}), {ok: false, size: 22, reason: 'file is 22 bytes, more than the 4 bytes read whole for this kind'})
})

t.test('ISO date-times', async t => {
  t.strictSame(parseIsoDateTime('2024-03-01T10:00:00.1234567'), {kind: 'local', wall: {year: 2024, month: 3, day: 1, hour: 10, minute: 0, second: 0, fraction: '1234567'}})
  t.strictSame(parseIsoDateTime('2024-03-01T10:00:00-05:00'), {kind: 'zoned', iso: '2024-03-01T15:00:00Z'})
  t.strictSame(parseIsoDateTime('2024-03-01T10:00:00.5Z'), {kind: 'zoned', iso: '2024-03-01T10:00:00.5Z'})
  t.equal(parseIsoDateTime('2024-02-30T10:00:00'), undefined)
  t.equal(parseIsoDateTime('yesterday'), undefined)
})
