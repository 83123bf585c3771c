/**
 * GitHub's filter patterns for branches and tags (the "filter pattern cheat sheet" of the
 * workflow syntax): `*` matches anything but `/`, `**` anything, `?` makes the character before
 * it optional, `+` repeats it, `[...]` is one character of a set or range of letters and digits,
 * `\` escapes, and a pattern starting with `!` excludes what the patterns before it matched.
 * Differs from shell globs where users notice: `**-prod` matches `release/v1-prod`.
 */
export function githubGlobToRegExp(pattern: string): RegExp {
  let source = ''
  let atom = false // whether the last piece can take `?` or `+`
  for (let i = 0; i < pattern.length; i++) {
    const char = pattern[i]!
    if (char === '\\' && i + 1 < pattern.length) {
      source += escapeRegExp(pattern[++i]!)
      atom = true
    } else if (char === '*') {
      if (pattern[i + 1] === '*') {
        source += '.*'
        i++
      } else source += '[^/]*'
      atom = false
    } else if ((char === '?' || char === '+') && atom) {
      source += char
      atom = false
    } else if (char === '[') {
      const end = pattern.indexOf(']', i + 1)
      const set = end === -1 ? '' : pattern.slice(i + 1, end)
      if (/^(?:[A-Za-z0-9](?:-[A-Za-z0-9])?)+$/.test(set)) {
        source += `[${set}]`
        i = end
      } else source += '\\['
      atom = true
    } else {
      source += escapeRegExp(char)
      atom = true
    }
  }
  return new RegExp(`^${source}$`)
}

/** GitHub's list semantics: the last pattern that matches decides, `!` patterns exclude. */
export function githubGlobMatch(patterns: readonly string[], name: string): boolean {
  let matched = false
  for (const pattern of patterns) {
    const negated = pattern.startsWith('!')
    if (negated === matched && githubGlobToRegExp(negated ? pattern.slice(1) : pattern).test(name))
      matched = !negated
  }
  return matched
}

function escapeRegExp(char: string): string {
  return /[\\^$.*+?()[\]{}|/-]/.test(char) ? `\\${char}` : char
}
