import { describe, expect, it } from '@jest/globals'
import { formatDuration, parseDurationSeconds } from '../../src/util/duration.js'

describe('parseDurationSeconds', () => {
  it.each([
    ['600', 600],
    ['1.5m', 90],
    ['999999999999', 999999999999]
  ])('%s → %d s', (text, seconds) => {
    expect(parseDurationSeconds(text, 'input timeout')).toBe(seconds)
  })

  it('refuses a number of more than 12 digits before it becomes Infinity', () => {
    expect(() => parseDurationSeconds('1'.repeat(13), 'input timeout')).toThrow(
      'input timeout: "1111111111111" is too long a number.'
    )
    expect(() => parseDurationSeconds(`${'9'.repeat(400)}ms`, 'input timeout')).toThrow(
      /too long a number/
    )
  })
})

describe('formatDuration', () => {
  it.each([
    [21600, '6h'],
    [27000, '7.5h'],
    [600, '10m'],
    [90, '1.5m'],
    [61, '61s'],
    [0.1, '0.1s']
  ])('%d → %s', (seconds, text) => {
    expect(formatDuration(seconds)).toBe(text)
  })
})
