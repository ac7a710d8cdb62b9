import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { parse } from 'pg-connection-string'
import { parseConnectionString, redactConnectionString } from '../../src/db/connection-string'

/** What pg will connect with for a connection string heirloom accepted. */
function pgSees(text: string): Record<string, unknown> {
  const parsed = parseConnectionString(text)
  assert.equal(parsed.kind, 'url', JSON.stringify(parsed))
  return { ...parse(parsed.kind === 'url' ? parsed.url : '') }
}

describe('connection strings', () => {
  it('reads a libpq key=value string as libpq does: spaces around =, quoted values, backslash escapes', () => {
    assert.deepEqual(pgSees(String.raw`host = db.example  port=6543 dbname='my db/%x' user=u password='it\'s a \\ secret'`),
      { host: 'db.example', port: '6543', database: 'my db/%x', user: 'u', password: String.raw`it's a \ secret` })
    assert.equal(pgSees(String.raw`host=h password=a\ b`).password, 'a b')
    assert.equal(pgSees(`host=h password='' sslmode=disable`).password, '')
  })

  it('refuses a key=value string libpq would refuse, naming the setting but never a value', () => {
    for (const [text, reason] of [
      ['host=h password', /setting 2 is not keyword=value/],
      ["host=h password='open", /setting 2 is not keyword=value/],
      ['host=h pasword=x', /unknown libpq keyword "pasword"/],
      ['host=h dbname=a?b', /dbname with \? or #/],
    ] as const) {
      const parsed = parseConnectionString(text)
      assert.equal(parsed.kind, 'invalid', text)
      if (parsed.kind === 'invalid') assert.match(parsed.reason, reason)
    }
  })

  it('redacts the user-info password and ?password= / ?sslpassword=, leaving every other character', () => {
    assert.equal(redactConnectionString('postgresql://u:p%40w@h:1/d?sslpassword=k&application_name=e&sslmode=disable'),
      'postgresql://u:***@h:1/d?sslpassword=***&application_name=e&sslmode=disable')
    assert.equal(redactConnectionString('postgres://u@h/d?password=a&password=b'), 'postgres://u@h/d?password=***')
    assert.equal(redactConnectionString('postgres://postgres@h/postgres'), 'postgres://postgres@h/postgres')
  })
})
