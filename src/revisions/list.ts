import { ReleaseError } from '../util/errors.js'

/** One ListTaskDefinitions call: the ARNs of a page and the token of the next one. */
export type ListRevisionsPage = (
  nextToken?: string
) => Promise<{ arns: string[]; nextToken?: string }>

/** ListTaskDefinitions returns up to 100 ARNs a page: 50 pages is 5,000 revisions. */
export const DEFAULT_MAX_PAGES = 50

/**
 * Every ARN the listing returns, following `nextToken` to the end. Bounded: past `maxPages`
 * (or when a page hands back a token already used) it fails rather than loop, since a cleanup
 * that acts on part of a listing could keep the wrong revisions.
 */
export async function listAllRevisions(
  listPage: ListRevisionsPage,
  options: { maxPages?: number; family?: string } = {}
): Promise<string[]> {
  const maxPages = options.maxPages ?? DEFAULT_MAX_PAGES
  const what = options.family ? `family ${options.family}` : 'task definitions'
  const arns: string[] = []
  const tokens = new Set<string>()
  let nextToken: string | undefined
  for (let page = 1; page <= maxPages; page++) {
    const result = await listPage(nextToken)
    arns.push(...result.arns)
    nextToken = result.nextToken || undefined
    if (nextToken === undefined) return arns
    if (tokens.has(nextToken))
      throw new ReleaseError(
        `ListTaskDefinitions for ${what} returned the same page token twice (page ${page}); the listing would never end, so no revision is deregistered`,
        'cleanup'
      )
    tokens.add(nextToken)
  }
  throw new ReleaseError(
    `ListTaskDefinitions for ${what} has more than ${maxPages} pages (${arns.length} revisions read); no revision is deregistered. Deregister old revisions by hand once, or raise the page limit`,
    'cleanup'
  )
}
