import { CONFIG_SCHEMA } from './config-schema'

interface SchemaNode {
  readonly properties?: Readonly<Record<string, SchemaNode>>
}

/**
 * Every key of the config as a dotted path (`dumps.defaults.format`), from
 * the one schema: an object with named properties is walked, anything else
 * (a value, or a map such as `formats`) is a key. The documentation and the
 * file `heirloom init` writes are checked against this list.
 */
export function configKeyPaths(node: SchemaNode = CONFIG_SCHEMA as SchemaNode, prefix = ''): string[] {
  if (node.properties === undefined) return [prefix]
  return Object.entries(node.properties).flatMap(([key, child]) => configKeyPaths(child, prefix === '' ? key : `${prefix}.${key}`))
}
