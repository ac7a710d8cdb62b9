// `npx knex migrate:latest | migrate:status | migrate:rollback | seed:run` read
// the same configuration as the heirloom CLI (heirloom.yml, or HEIRLOOM_CONFIG):
// in a project of your own this file is `module.exports = require('heirloom').knexConfig()`.
import { knexConfig } from './src/use-cases/knex-config'

export default knexConfig()
