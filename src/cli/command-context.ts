import type { Config } from '../config/config'
import { loadConfig } from '../config/load-config'
import type { GlobalArgs } from './output'

/** The config a command runs with: `--config`, else HEIRLOOM_CONFIG, else heirloom.yml in the working directory. */
export function configOf(args: GlobalArgs): Config {
  return loadConfig({ file: args.config })
}
