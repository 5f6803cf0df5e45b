import { describe, expect, it } from 'vitest'
import { peerUrlProblem, signRequest, verifyRequest, WINDOW_SECONDS } from './network-sign.js'

const key = 'k'.repeat(40)
const signed = { method: 'POST', path: '/network/v1/customer-message', timestamp: 1_800_000_000, messageId: 'm-1234567', body: '{"a":1}' }

describe('peer request signatures', () => {
  it('accept the same request signed with the same key inside the window', () => {
    const sig = signRequest(key, signed)
    expect(sig).toMatch(/^sha256=[0-9a-f]{64}$/)
    expect(verifyRequest(key, signed, sig, signed.timestamp + WINDOW_SECONDS)).toBeNull()
  })

  it('refuse another key, any changed part, and a timestamp outside the window', () => {
    const sig = signRequest(key, signed)
    expect(verifyRequest('x'.repeat(40), signed, sig, signed.timestamp)).toBe('signature')
    for (const change of [{ method: 'PUT' }, { path: '/network/v1/lookup' }, { messageId: 'm-7654321' }, { body: '{"a":2}' }]) {
      expect(verifyRequest(key, { ...signed, ...change }, sig, signed.timestamp)).toBe('signature')
    }
    expect(verifyRequest(key, { ...signed, timestamp: signed.timestamp + 1 }, sig, signed.timestamp)).toBe('signature')
    expect(verifyRequest(key, signed, sig, signed.timestamp + WINDOW_SECONDS + 1)).toBe('stale')
    expect(verifyRequest(key, { ...signed, timestamp: Number.NaN }, sig, signed.timestamp)).toBe('stale')
  })
})

describe('peer URLs', () => {
  it('take https anywhere and plain http to loopback only, unless allowed', () => {
    expect(peerUrlProblem('https://peer.example.com', false)).toBeNull()
    expect(peerUrlProblem('http://127.0.0.1:8080', false)).toBeNull()
    expect(peerUrlProblem('http://localhost:8080', false)).toBeNull()
    expect(peerUrlProblem('http://[::1]:8080', false)).toBeNull()
    expect(peerUrlProblem('http://peer.example.com', false)).toMatch(/refused/)
    expect(peerUrlProblem('http://peer.example.com', true)).toBeNull()
    expect(peerUrlProblem('ftp://peer.example.com', true)).toMatch(/only https/)
    expect(peerUrlProblem('not a url', false)).toBe('not a URL')
  })
})
