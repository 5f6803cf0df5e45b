import { describe, expect, it } from 'vitest'
import { titleOf } from './quick-answers.service.js'

describe('quick answer titles', () => {
  it('take the first line of the text, cut to 100 characters', () => {
    expect(titleOf('  Hello there\nSecond line')).toBe('Hello there')
    const long = 'x'.repeat(150)
    expect(titleOf(long)).toBe(`${'x'.repeat(99)}…`)
  })
})
