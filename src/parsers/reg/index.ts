export {regParser, createRegParser, type RegParseOptions} from './parser.js'
export {normaliseKeyPath, type NormalisedKey} from './key.js'
export {parseValueLine, parseHexBytes, DEFAULT_VALUE_NAME, type RegFormat, type RegValueLine} from './value.js'
export {
  createTimeZoneCollector,
  zoneFromRegistry,
  windowsZone,
  systemTimeFromHex,
  transitionInYear,
  type TimeZoneCollector,
  type WindowsZoneRule,
  type SystemTime,
} from './timezone.js'
export {sniffRegExport} from './sniff.js'
