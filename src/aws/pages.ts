/** One page of a paged list call: its items, and the token of the next page when there is one. */
export interface Page<T> {
  items: readonly T[] | undefined
  next: string | undefined
}

/**
 * Every item of a paged list call, reading at most `maxPages` pages. Past the bound, `tooMany`
 * decides: given, it is thrown (a list a safety rule reads: a partial one is never an answer);
 * absent, what was read is the answer (a list read to explain, whose tail changes nothing).
 */
export async function readPages<T>(
  read: (token: string | undefined) => Promise<Page<T>>,
  bound: { maxPages: number; tooMany?: () => Error }
): Promise<T[]> {
  const items: T[] = []
  let token: string | undefined
  for (let page = 0; page < bound.maxPages; page++) {
    const answer = await read(token)
    items.push(...(answer.items ?? []))
    token = answer.next
    if (!token) return items
  }
  if (bound.tooMany) throw bound.tooMany()
  return items
}
