import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { describeServer, parseConnectionString, urlWithoutPassword } from '../../src/db/connection-string'

function url(text: string): string {
  const parsed = parseConnectionString(text)
  assert.equal(parsed.kind, 'url', text)
  return parsed.kind === 'url' ? parsed.url : ''
}

describe('how a command names its database', () => {
  it('host:port/database of a URL, of a ?host= URL and of a libpq key=value string, never user or password', () => {
    assert.equal(describeServer('postgres://loader:s3cret@db.example.com:6543/warehouse'), 'db.example.com:6543/warehouse')
    assert.equal(describeServer('postgres://loader@db.example.com/warehouse'), 'db.example.com:5432/warehouse')
    assert.equal(describeServer(url("host=10.0.0.5 port=5433 dbname=dw user=loader password='s3cret'")), '10.0.0.5:5433/dw')
    assert.equal(describeServer('postgres:///dw?host=10.0.0.5&port=5433&password=s3cret'), '10.0.0.5:5433/dw')
  })

  it('db url\'s URL has no password in any form, and keeps everything else', () => {
    assert.equal(urlWithoutPassword('postgres://loader:s3cret@db:5432/dw?sslmode=require'), 'postgres://loader@db:5432/dw?sslmode=require')
    assert.equal(urlWithoutPassword('postgres://loader@db:5432/dw?password=s3cret&sslmode=require'), 'postgres://loader@db:5432/dw?sslmode=require')
  })
})
