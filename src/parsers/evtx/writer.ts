/**
 * Synthetic EVTX writer: builds valid `.evtx` files (and deliberately damaged variants) for tests, samples and
 * benchmarks, laid out as Windows lays them out.
 *
 * Layout written: a 4 KiB file header (CRC-32 over its first 120 bytes), 64 KiB chunks (header CRC over bytes
 * 0..120 + 128..512, event-records CRC over 512..free-space), each chunk with its own common-string table
 * (64 hash buckets, names written inline on first use, referenced by offset afterwards) and template table
 * (32 buckets). Every record is `**\0\0`, size, EventRecordID, FILETIME written, BinXml, size copy. Its BinXml is
 * the Windows shape: a fragment header and a template instance of an outer "System" template whose substitutions
 * are optional (0x0e) and numbered as Windows numbers them (0 Level, 1 Opcode, 2 Task, 3 EventID, 4 Qualifiers,
 * 5 Keywords, 6 TimeCreated, 7 ActivityID, 8 ProcessID, 9 ThreadID, 10 EventRecordID, 11 Version, 12 UserID,
 * 13 RelatedActivityID, 14 Provider Name, 15 Provider Guid, 16 Channel, 17 EventData as BinXml); classic
 * providers (`eventSourceName` set, e.g. Service Control Manager) have Provider and Channel as literal text,
 * RelatedActivityID at 18 and the EventData BinXml at 19. The EventData BinXml holds its own template instance
 * (`<EventData><Data Name="...">%n</Data>...`, normal substitutions 0x0d) and substitution array. Templates are
 * defined inline on first use in a chunk and referenced by offset by later records of the chunk.
 *
 * Usage:
 *   import {buildEvtx, writeEvtxFile, V, sysmonEvent, bitsClientEvent, securityEvent, system7045Event,
 *           damageEvtx, expectedText} from '../src/parsers/evtx/writer.js'
 *
 *   const common = {computer: 'WKS01.corp.local', time: '2024-03-01T10:00:00.1234567Z'}
 *   const built = buildEvtx([
 *     sysmonEvent(1, {RuleName: '-', UtcTime: '2024-03-01 10:00:00.123', ProcessGuid: '{...}', ProcessId: 4242,
 *                     Image: 'C:\\Windows\\System32\\cmd.exe', CommandLine: 'cmd.exe /c whoami', ...}, common),
 *     bitsClientEvent(3, {jobTitle: 'backdoor', jobId: '{...}', jobOwner: 'CORP\\bob', ...}, {...common, recordId: 9}),
 *     {provider: 'My-Provider', channel: 'Application', eventId: 1000, ...common,
 *      data: {Count: V.uint32(3), When: V.filetime('2024-01-01T00:00:00.0000000Z'), Names: V.array('string', ['a','b'])}},
 *   ], {maxRecordsPerChunk: 100})
 *   built.bytes          // Uint8Array: the whole file
 *   built.layout         // where every chunk and record went (file offsets), for damage and assertions
 *   built.records        // the specs as written, with the record ids assigned
 *   damageEvtx(built, {kind: 'record-size', record: 3, size: 0})   // → Uint8Array of a damaged copy
 *   writeEvtxFile('/tmp/x.evtx', eventsIterable, options)           // streams chunk by chunk, any size
 *
 * Values: a plain string is a String substitution; anything else is built with `V.*` (see EvtxValue);
 * `V.literal(...)` writes a field's content into the template itself (text, CDATA, character/entity references,
 * processing instructions) so every BinXml token can be produced. Presets
 * (sysmonEvent, bitsClientEvent, securityEvent, system7045Event, powershellEvent) infer the Windows types of known
 * field names (GUIDs, pids as UInt32, LogonId as HexInt64, SIDs, ...) and fill System fields as Windows does;
 * every System field can be overridden through the `common` argument. `expectedText(value)` is how the decoder is
 * expected to render a value (conventions in docs/evtx.md).
 */

export {damageEvtx, type EvtxDamage} from './writer/damage.js'
export {chunkHeaderCrc} from './writer/chunk-builder.js'
export type {EvtxEventSpec, WrittenRecord} from './writer/event-spec.js'
export {expectedText} from './writer/expected-text.js'
export {buildEvtx, type BuiltEvtx, type EvtxWriterOptions, writeEvtxFile} from './writer/file.js'
export type {ChunkLayout, EvtxLayout, RecordLayout} from './writer/layout.js'
export {nameHash} from './writer/bytes.js'
export {
  bitsClientEvent,
  type EventCommon,
  powershellEvent,
  type PresetValue,
  PROVIDERS,
  securityEvent,
  sysmonEvent,
  system7045Event,
} from './writer/presets.js'
export {prng, syntheticEvents} from './writer/synthetic.js'
export {filetimeToIso7, isoToFiletime} from './writer/time.js'
export {
  type ArrayValue,
  type EventDataInput,
  type EvtxValue,
  type EvtxValueInput,
  type LiteralNode,
  type LiteralValue,
  type ScalarType,
  type ScalarValue,
  V,
  valueBytes,
  valueTypeCode,
} from './writer/values.js'
