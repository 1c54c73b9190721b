/** Sizes, magics and codes of the EVTX format (MS-EVEN6 and libevtx documentation). */

export const EVTX_HEADER_SIZE = 0x1000
export const EVTX_CHUNK_SIZE = 0x10000
export const CHUNK_HEADER_SIZE = 0x200
/** `ElfFile\0` */
export const EVTX_FILE_MAGIC = Uint8Array.of(0x45, 0x6c, 0x66, 0x46, 0x69, 0x6c, 0x65, 0x00)
/** `ElfChnk\0` */
export const EVTX_CHUNK_MAGIC = Uint8Array.of(0x45, 0x6c, 0x66, 0x43, 0x68, 0x6e, 0x6b, 0x00)
/** `**\0\0` read as a little-endian u32. */
export const RECORD_MAGIC = 0x00002a2a
export const RECORD_HEADER_SIZE = 24
/** Template definition header: next offset u32, GUID 16, data size u32. */
export const TEMPLATE_HEADER_SIZE = 24

export const FileFlags = {Dirty: 0x1, Full: 0x2} as const

/** BinXml token bytes; 0x40 on 0x01/0x06 marks "more follows" (attributes / next attribute). */
export const Token = {
  EOF: 0x00,
  OpenStartElement: 0x01,
  CloseStartElement: 0x02,
  CloseEmptyElement: 0x03,
  EndElement: 0x04,
  Value: 0x05,
  Attribute: 0x06,
  CDataSection: 0x07,
  CharRef: 0x08,
  EntityRef: 0x09,
  PITarget: 0x0a,
  PIData: 0x0b,
  TemplateInstance: 0x0c,
  NormalSubstitution: 0x0d,
  OptionalSubstitution: 0x0e,
  FragmentHeader: 0x0f,
  MoreFlag: 0x40,
} as const

/** Value types; `| ArrayFlag` for arrays. */
export const ValueType = {
  Null: 0x00,
  String: 0x01,
  AnsiString: 0x02,
  Int8: 0x03,
  UInt8: 0x04,
  Int16: 0x05,
  UInt16: 0x06,
  Int32: 0x07,
  UInt32: 0x08,
  Int64: 0x09,
  UInt64: 0x0a,
  Real32: 0x0b,
  Real64: 0x0c,
  Bool: 0x0d,
  Binary: 0x0e,
  Guid: 0x0f,
  SizeT: 0x10,
  FileTime: 0x11,
  SysTime: 0x12,
  Sid: 0x13,
  HexInt32: 0x14,
  HexInt64: 0x15,
  EvtHandle: 0x20,
  BinXml: 0x21,
  EvtXml: 0x23,
  ArrayFlag: 0x80,
} as const
