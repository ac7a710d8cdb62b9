import type { Config } from '../../src/config/config'
import { writeConfig } from './workspace'

/** Row counts of the AdventureWorksDW sample tables, as shared/samples/README.md lists them. */
export const ADVENTUREWORKS_ROW_COUNTS: Readonly<Record<string, number>> = {
  DimAccount: 99,
  DimCurrency: 105,
  DimGeography: 655,
  DimProductCategory: 4,
  DimProductSubcategory: 37,
  DimPromotion: 16,
  DimSalesTerritory: 11,
  FactAdditionalInternationalProductDescription: 1911,
}

/** The config the samples README gives for its bulk-load files (`|`, LF, empty = NULL, UTF-8), dumps in `dir/dumps`. */
export function adventureWorksConfig(dir: string, url: string): Config {
  return writeConfig(dir, [
    `database: { url: '${url}' }`,
    'dumps:',
    '  path: ./dumps',
    '  dataExt: .csv',
    '  defaults: { application: adventureworks, version: "2022", region: emea, dialect: mssql, format: sqlserver-bar }',
    'formats:',
    '  sqlserver-bar: { delimiter: "|", rowTerminator: "\\n", nullPattern: "", encoding: utf8 }',
    'migrations: { directory: ./migrations }',
    'ingest: { workers: 2 }',
    '',
  ].join('\n'))
}
