export type { Position, Range, XmlAttribute, XmlComment, XmlElement } from './types.js';
export { LineIndex } from './line-index.js';
export { parseXml, XmlSyntaxError, type ParseXmlOptions, type XmlTree } from './xml-tree.js';
export { parseDomain, type DomainDocument, type ParseResult } from './parse-domain.js';
export { readDevices, type Device, type DeviceAlias } from './devices.js';
export { serialConsoleFates, type SerialConsoleFate } from './serial-console.js';
export {
  diskIdentity,
  hostdevIdentity,
  interfaceIdentity,
  type DeviceIdentity,
  type DiskIdentity,
  type HostdevIdentity,
  type InterfaceIdentity,
} from './identity.js';
export { readLiveDump, type LiveDump } from './live-dump.js';
export { readNovaMetadata, NOVA_NAMESPACES, type NovaMetadata, type NovaPort } from './nova.js';
export {
  aliasSupport,
  deviceKind,
  DEVICE_KINDS,
  DEVICE_KINDS_WITH_ALIAS,
  looksGeneratedAlias,
  type AliasSupport,
  type DeviceKind,
} from './device-kinds.js';
export {
  classifyAliasName,
  invalidAliasCharacters,
  isUuid,
  sanitizeAliasPart,
  USER_ALIAS_PREFIX,
  UUID_PATTERN,
  type AliasNameStatus,
} from './alias-name.js';
export { attribute, attributeValue, child, childrenNamed, descendants } from './dom.js';
