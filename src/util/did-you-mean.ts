/**
 * The known name a misspelled one most likely meant, or undefined when none is close enough.
 * Catches what people actually type: a typo (`excutionRoleArn`), a singular for a plural
 * (`portMapping`), another casing or separator (`ExecutionRoleArn`, `task_definition`), and a
 * name the action knows under a longer or shorter form (`container-name` for `container`).
 */
export function didYouMean(word: string, candidates: Iterable<string>): string | undefined {
  const wanted = normalise(word)
  let best: { name: string; score: number } | undefined
  for (const name of candidates) {
    if (name === word) continue
    const score = closeness(wanted, normalise(name))
    if (score !== undefined && (best === undefined || score < best.score)) best = { name, score }
  }
  return best?.name
}

/** `did you mean "x"?` for a message, or an empty string when there is no suggestion. */
export function suggestion(word: string, candidates: Iterable<string>): string {
  const match = didYouMean(word, candidates)
  return match === undefined ? '' : ` (did you mean "${match}"?)`
}

function normalise(name: string): string {
  return name.toLowerCase().replace(/[-_\s]/g, '')
}

/** Lower is closer; undefined is too far to suggest. */
function closeness(word: string, name: string): number | undefined {
  if (word === name) return 0
  const distance = editDistance(word, name)
  // Short names allow one edit, longer ones one per four characters (two at least).
  const allowed = name.length <= 4 ? 1 : Math.max(2, Math.floor(name.length / 4))
  if (distance <= allowed) return distance
  // One name inside the other (`containername` holds `container`): close, but after typos;
  // not a short word inside a long one (`username` does not mean `name`).
  const [shorter, longer] = word.length < name.length ? [word, name] : [name, word]
  if (shorter.length >= 5 && shorter.length * 2 >= longer.length && longer.includes(shorter))
    return allowed + (longer.length - shorter.length)
  return undefined
}

/** Optimal string alignment distance: insertions, deletions, substitutions, adjacent swaps. */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0
  let before = new Array<number>(b.length + 1).fill(0)
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j)
  let current = new Array<number>(b.length + 1).fill(0)
  for (let i = 1; i <= a.length; i++) {
    current[0] = i
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1
      let value = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost)
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        value = Math.min(value, before[j - 2]! + 1)
      current[j] = value
    }
    ;[before, previous, current] = [previous, current, before]
  }
  return previous[b.length]!
}
