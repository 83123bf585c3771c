// A line diff of two small text files (a config file, a definition file): what a pull request
// changes, shown as `+`/`-` lines with a little context, as `git diff` would show them.

/** Past this many lines on either side, the diff says so instead of comparing line by line. */
const MAX_LINES = 2000

/**
 * The lines of `after` against `before`: `- ` removed, `+ ` added, `  ` unchanged context
 * (`context` lines around each change), `…` where unchanged lines are left out. Empty when the
 * texts are equal.
 */
export function lineDiff(before: string, after: string, context = 2): string[] {
  if (before === after) return []
  const old = splitLines(before)
  const now = splitLines(after)
  if (old.length > MAX_LINES || now.length > MAX_LINES)
    return [`(${old.length} lines -> ${now.length} lines; too long to compare line by line)`]
  const edits = editScript(old, now)
  // Texts that differ only in line ends are the same lines.
  if (edits.every(edit => edit.kind === ' ')) return []
  const near = edits.map((_, index) =>
    edits.slice(Math.max(0, index - context), index + context + 1).some(edit => edit.kind !== ' ')
  )
  const lines: string[] = []
  let skipped = false
  edits.forEach((edit, index) => {
    if (!near[index]) {
      if (!skipped) lines.push('…')
      skipped = true
      return
    }
    skipped = false
    lines.push(`${edit.kind} ${edit.line}`)
  })
  return lines
}

interface Edit {
  kind: ' ' | '-' | '+'
  line: string
}

function splitLines(text: string): string[] {
  const lines = text.split(/\r?\n/)
  if (lines.at(-1) === '') lines.pop()
  return lines
}

/** The shortest edit script by longest common subsequence (files here are small). */
function editScript(old: string[], now: string[]): Edit[] {
  const rows = old.length + 1
  const columns = now.length + 1
  // common[i][j]: the longest common subsequence of old[i..] and now[j..].
  const common = Array.from({ length: rows }, () => new Uint32Array(columns))
  for (let i = old.length - 1; i >= 0; i--)
    for (let j = now.length - 1; j >= 0; j--)
      common[i]![j] =
        old[i] === now[j]
          ? common[i + 1]![j + 1]! + 1
          : Math.max(common[i + 1]![j]!, common[i]![j + 1]!)
  const edits: Edit[] = []
  let i = 0
  let j = 0
  while (i < old.length && j < now.length) {
    if (old[i] === now[j]) {
      edits.push({ kind: ' ', line: old[i]! })
      i++
      j++
    } else if (common[i + 1]![j]! >= common[i]![j + 1]!) edits.push({ kind: '-', line: old[i++]! })
    else edits.push({ kind: '+', line: now[j++]! })
  }
  while (i < old.length) edits.push({ kind: '-', line: old[i++]! })
  while (j < now.length) edits.push({ kind: '+', line: now[j++]! })
  return edits
}
