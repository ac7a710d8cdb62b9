// `npx knex migrate:latest | migrate:status | migrate:rollback | seed:run` read
// the same configuration as the heirloom CLI (heirloom.yml, or HEIRLOOM_CONFIG).
import { loadConfig } from './src/config/load-config'
import { knexfileConfig } from './src/db/knexfile-config'

export default knexfileConfig(loadConfig())
