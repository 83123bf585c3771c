import { describe, expect, it } from '@jest/globals'
import { readPages, type Page } from '../../src/aws/pages.js'

/** A list of `pages` pages of two items each, recording the tokens it was asked with. */
function pagedList(pages: number) {
  const asked: (string | undefined)[] = []
  const read = async (token: string | undefined): Promise<Page<number>> => {
    asked.push(token)
    const index = token === undefined ? 0 : Number(token)
    return {
      items: [index * 2, index * 2 + 1],
      next: index + 1 < pages ? String(index + 1) : undefined
    }
  }
  return { asked, read }
}

describe('readPages', () => {
  it('reads every page, passing each page’s token to the next read', async () => {
    const list = pagedList(3)
    expect(await readPages(list.read, { maxPages: 5 })).toEqual([0, 1, 2, 3, 4, 5])
    expect(list.asked).toEqual([undefined, '1', '2'])
  })

  it('a page without items adds none', async () => {
    const items = await readPages(async () => ({ items: undefined, next: undefined }), {
      maxPages: 1
    })
    expect(items).toEqual([])
  })

  it('past the bound without tooMany: what was read is the answer', async () => {
    const list = pagedList(10)
    expect(await readPages(list.read, { maxPages: 2 })).toEqual([0, 1, 2, 3])
    expect(list.asked).toHaveLength(2)
  })

  it('past the bound with tooMany: that error, never a partial list', async () => {
    const list = pagedList(10)
    await expect(
      readPages(list.read, { maxPages: 2, tooMany: () => new Error('more than 2 pages') })
    ).rejects.toThrow('more than 2 pages')
    expect(list.asked).toHaveLength(2)
  })

  it('exactly at the bound: the whole list, no error', async () => {
    const list = pagedList(2)
    expect(
      await readPages(list.read, { maxPages: 2, tooMany: () => new Error('too many') })
    ).toEqual([0, 1, 2, 3])
  })
})
