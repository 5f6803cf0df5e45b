import { describe, expect, it } from 'vitest'
import { fillSlots, httpBuildQuery, phpUrlencode, sign, slotUsers, verifySignature } from './payload.js'
import { withEventAuth } from './record-event.js'

describe('the body as PHP http_build_query writes it', () => {
  it('encodes like urlencode(): only letters, digits and -_. stay', () => {
    expect(phpUrlencode("a b~!*'()[]/ü")).toBe('a+b%7E%21%2A%27%28%29%5B%5D%2F%C3%BC')
  })

  it('nests with brackets, drops null and empty arrays, writes booleans as 1 and 0', () => {
    expect(httpBuildQuery({ event: 'X', data: { A: [1, { B: null, C: true }], E: [], F: {}, G: false }, ts: 5 })).toBe(
      'event=X&data%5BA%5D%5B0%5D=1&data%5BA%5D%5B1%5D%5BC%5D=1&data%5BG%5D=0&ts=5',
    )
  })
})

describe('auth blocks inside data', () => {
  it('finds and fills each marker, keeping the other keys after the block', () => {
    const data = { BOT: { 7: withEventAuth(7, { AUTH: withEventAuth(7), BOT_ID: '7' }) }, X: [withEventAuth(8)] }
    expect([...slotUsers(data)].sort()).toEqual([7, 8])
    expect(fillSlots(data, (u) => ({ user_id: u }))).toEqual({ BOT: { 7: { user_id: 7, AUTH: { user_id: 7 }, BOT_ID: '7' } }, X: [{ user_id: 8 }] })
  })
})

describe('signature', () => {
  it('is HMAC-SHA256 of timestamp and body, checked in constant time', () => {
    const s = sign('secret', 1700000000, 'event=X')
    expect(s).toMatch(/^sha256=[0-9a-f]{64}$/)
    expect(verifySignature('secret', '1700000000', 'event=X', s)).toBe(true)
    expect(verifySignature('secret', '1700000001', 'event=X', s)).toBe(false)
    expect(verifySignature('secret', '1700000000', 'event=Y', s)).toBe(false)
    expect(verifySignature('secret', '1700000000', 'event=X', 'sha256=00')).toBe(false)
  })
})
