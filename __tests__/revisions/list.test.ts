import { describe, expect, it } from '@jest/globals'
import { DEFAULT_MAX_PAGES, listAllRevisions } from '../../src/revisions/list.js'
import { ReleaseError } from '../../src/util/errors.js'

/** A fake ListTaskDefinitions over fixed pages; records the tokens it was called with. */
function pages(contents: string[][], tokenFor = (index: number) => `token-${index}`) {
  const calls: (string | undefined)[] = []
  const listPage = async (token?: string) => {
    calls.push(token)
    const index = token === undefined ? 0 : Number(token.slice('token-'.length))
    const last = index === contents.length - 1
    return { arns: contents[index]!, ...(last ? {} : { nextToken: tokenFor(index + 1) }) }
  }
  return { listPage, calls }
}

describe('listAllRevisions', () => {
  it('follows nextToken across 3 pages, in order', async () => {
    const { listPage, calls } = pages([['web:1', 'web:2'], ['web:3'], ['web:4', 'web:5']])
    expect(await listAllRevisions(listPage)).toEqual(['web:1', 'web:2', 'web:3', 'web:4', 'web:5'])
    expect(calls).toEqual([undefined, 'token-1', 'token-2'])
  })

  it('stops at a page without a token, or with an empty one', async () => {
    expect(await listAllRevisions(pages([['web:1']]).listPage)).toEqual(['web:1'])
    expect(await listAllRevisions(async () => ({ arns: [], nextToken: '' }))).toEqual([])
  })

  it('reads exactly maxPages pages', async () => {
    const { listPage, calls } = pages([['a:1'], ['a:2'], ['a:3']])
    expect(await listAllRevisions(listPage, { maxPages: 3 })).toEqual(['a:1', 'a:2', 'a:3'])
    expect(calls).toHaveLength(3)
  })

  it('fails past the page cap, naming the family, and reads no further', async () => {
    const { listPage, calls } = pages(Array.from({ length: 10 }, (_, i) => [`web:${i + 1}`]))
    const error = await listAllRevisions(listPage, { maxPages: 4, family: 'web' }).catch(
      (caught: unknown) => caught
    )
    expect(error).toBeInstanceOf(ReleaseError)
    expect((error as ReleaseError).message).toBe(
      'ListTaskDefinitions for family web has more than 4 pages (4 revisions read); no revision is deregistered. Deregister old revisions by hand once, or raise the page limit'
    )
    expect(calls).toHaveLength(4)
  })

  it(`caps at ${DEFAULT_MAX_PAGES} pages by default`, async () => {
    let called = 0
    const endless = async () => ({ arns: ['web:1'], nextToken: `token-${++called}` })
    await expect(listAllRevisions(endless)).rejects.toThrow(`more than ${DEFAULT_MAX_PAGES} pages`)
    expect(called).toBe(DEFAULT_MAX_PAGES)
  })

  it('fails when a page hands back a token already used', async () => {
    const { listPage, calls } = pages([['web:1'], ['web:2'], ['web:3']], () => 'token-1')
    await expect(listAllRevisions(listPage)).rejects.toThrow(
      'ListTaskDefinitions for task definitions returned the same page token twice (page 2); the listing would never end, so no revision is deregistered'
    )
    expect(calls).toEqual([undefined, 'token-1'])
  })

  it('passes a failing page through', async () => {
    const failing = async () => {
      throw new Error('ThrottlingException')
    }
    await expect(listAllRevisions(failing)).rejects.toThrow('ThrottlingException')
  })
})
