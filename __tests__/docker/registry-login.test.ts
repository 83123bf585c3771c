import { describe, expect, it } from '@jest/globals'
import { savedRegistries } from '../../src/docker/registry-login.js'

describe('savedRegistries (what the post step logs out of)', () => {
  it.each([
    ['', []],
    ['["a.example","b.example"]', ['a.example', 'b.example']],
    ['a.example, b.example', ['a.example', 'b.example']],
    ['["a.example", 3, ""]', ['a.example']]
  ])('%j', (text, expected) => {
    expect(savedRegistries(text)).toEqual(expected)
  })
})
