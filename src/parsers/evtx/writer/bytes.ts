/** Little-endian byte encodings of GUIDs, SIDs, SYSTEMTIMEs and UTF-16 text, and the Windows name hash. */

export function hexToBytes(hex: string): Uint8Array {
  const clean = hex.replace(/\s+/g, '')
  if (clean.length % 2 !== 0 || /[^0-9a-f]/i.test(clean)) throw new RangeError(`writer: not hex: "${hex}"`)
  const out = new Uint8Array(clean.length / 2)
  for (let i = 0; i < out.length; i++) out[i] = parseInt(clean.slice(i * 2, i * 2 + 2), 16)
  return out
}

export function guidBytes(guid: string): Uint8Array {
  const m = /^\{?([0-9a-f]{8})-([0-9a-f]{4})-([0-9a-f]{4})-([0-9a-f]{4})-([0-9a-f]{12})\}?$/i.exec(guid)
  if (!m) throw new RangeError(`writer: not a GUID: "${guid}"`)
  const out = new Uint8Array(16)
  const dv = new DataView(out.buffer)
  dv.setUint32(0, parseInt(m[1]!, 16), true)
  dv.setUint16(4, parseInt(m[2]!, 16), true)
  dv.setUint16(6, parseInt(m[3]!, 16), true)
  out.set(hexToBytes(m[4]! + m[5]!), 8)
  return out
}

export function sidBytes(sid: string): Uint8Array {
  const m = /^S-(\d+)-(\d+)((?:-\d+)*)$/i.exec(sid)
  if (!m) throw new RangeError(`writer: not a SID: "${sid}"`)
  const subs = m[3] ? m[3].slice(1).split('-').map(Number) : []
  const out = new Uint8Array(8 + subs.length * 4)
  const dv = new DataView(out.buffer)
  out[0] = Number(m[1])
  out[1] = subs.length
  const auth = BigInt(m[2]!)
  for (let i = 0; i < 6; i++) out[2 + i] = Number((auth >> BigInt(8 * (5 - i))) & 0xffn)
  subs.forEach((s, i) => dv.setUint32(8 + i * 4, s, true))
  return out
}

export function systemtimeBytes(iso: string): Uint8Array {
  const m = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,3}))?Z?$/.exec(iso)
  if (!m) throw new RangeError(`writer: not a SYSTEMTIME (ISO with up to 3 fraction digits): "${iso}"`)
  const [y, mo, d, h, mi, s] = [1, 2, 3, 4, 5, 6].map((i) => Number(m[i]))
  const dow = new Date(Date.UTC(y!, mo! - 1, d!)).getUTCDay()
  const out = new Uint8Array(16)
  const dv = new DataView(out.buffer)
  ;[y!, mo!, dow, d!, h!, mi!, s!, Number((m[7] ?? '').padEnd(3, '0'))].forEach((x, i) => dv.setUint16(i * 2, x, true))
  return out
}

export function utf16(s: string): Uint8Array {
  const out = new Uint8Array(s.length * 2)
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    out[i * 2] = c & 0xff
    out[i * 2 + 1] = c >> 8
  }
  return out
}

export function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0))
  let o = 0
  for (const p of parts) {
    out.set(p, o)
    o += p.length
  }
  return out
}

/** Windows' name hash: h = h * 65599 + code unit, kept to 32 bits; the low 16 bits are stored. */
export function nameHash(name: string): number {
  let h = 0
  for (let i = 0; i < name.length; i++) h = (Math.imul(h, 65599) + name.charCodeAt(i)) >>> 0
  return h & 0xffff
}
