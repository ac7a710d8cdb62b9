import type { Config } from '../config/config'
import { loadConfig } from '../config/load-config'

/**
 * What a use case takes as its configuration: a loaded `Config`, the path of
 * a config file, or nothing (HEIRLOOM_CONFIG, else heirloom.yml … in the
 * working folder, else the defaults).
 */
export type ConfigSource = Config | string | undefined

/** The Config of a source, loaded and validated when it is a path or absent. */
export function configFrom(source: ConfigSource): Config {
  if (typeof source === 'object') return source
  return loadConfig({ file: source })
}
