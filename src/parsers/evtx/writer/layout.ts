/** Where chunks and records went in a written file. */

/** Where a record went in the file (all offsets are file offsets). */
export interface RecordLayout {
  /** Index of the record in the input sequence. */
  index: number
  recordId: bigint
  chunk: number
  offset: number
  size: number
  /** File offset of the outer template instance's definition-offset field. */
  templateRefAt: number
  /** True when this record carries the outer template's definition inline (first use in its chunk). */
  definesTemplate: boolean
  /** True when the EventData template is defined inline in this record. */
  definesDataTemplate: boolean
  /** File offset of the outer substitution count (u32); descriptors (u16 size, u8 type, u8 0) follow. */
  substitutionsAt: number
  substitutionCount: number
}

export interface ChunkLayout {
  index: number
  offset: number
  /** File offset of the free-space start (end of the last record). */
  freeSpaceAt: number
  records: RecordLayout[]
}

export interface EvtxLayout {
  chunks: ChunkLayout[]
}
