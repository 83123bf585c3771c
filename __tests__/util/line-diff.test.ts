import { describe, expect, it } from '@jest/globals'
import { lineDiff } from '../../src/util/line-diff.js'

describe('lineDiff', () => {
  it('is empty for equal texts', () => {
    expect(lineDiff('a\nb\n', 'a\nb\n')).toEqual([])
  })

  it('shows a changed line with two lines of context and elides the rest', () => {
    const before = ['1', '2', '3', '4', '5', '6', '7', '8'].join('\n')
    const after = ['1', '2', '3', '4', 'five', '6', '7', '8'].join('\n')
    expect(lineDiff(before, after)).toEqual(['…', '  3', '  4', '- 5', '+ five', '  6', '  7', '…'])
  })

  it('shows added and removed lines, a new file as all added', () => {
    expect(lineDiff('a\nb\n', 'a\nc\nb\n')).toEqual(['  a', '+ c', '  b'])
    expect(lineDiff('a\nb\nc\n', 'a\nc\n')).toEqual(['  a', '- b', '  c'])
    expect(lineDiff('', 'x\ny\n')).toEqual(['+ x', '+ y'])
  })

  it('reads CRLF line ends as LF ones', () => {
    expect(lineDiff('a\r\nb\r\n', 'a\nb\n')).toEqual([])
  })

  it('says so instead of comparing very long files line by line', () => {
    const long = Array.from({ length: 2001 }, (_, index) => String(index)).join('\n')
    expect(lineDiff(long, `${long}\nmore`)).toEqual([
      '(2001 lines -> 2002 lines; too long to compare line by line)'
    ])
  })
})
