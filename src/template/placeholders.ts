/**
 * The placeholder syntax of definition templates, on a decoded string:
 *
 *   {{ NAME }}            a configured value or a built-in
 *   {{ env.NAME }}        a variable of the runner's environment
 *   {{ NAME:-default }}   the default when NAME is unset or empty (as in the shell)
 *   \{{                   a literal `{{` (the backslash is dropped; in a JSON file it is
 *                         written `\\{{`, since JSON itself escapes backslashes)
 *
 * Whitespace inside the braces is optional and the default is trimmed. Anything else that
 * starts with `{{` is malformed, so a typo never reaches ECS as literal text. `${VAR}` and a
 * lone `}}` are plain text.
 */

export type Segment =
  | { kind: 'text'; text: string }
  | {
      kind: 'placeholder'
      /** `NAME`, or `env.NAME` for a runner variable. */
      name: string
      fromEnv: boolean
      default?: string
      /** Index of the `{{` in the decoded string. */
      start: number
      /** The placeholder as written, for messages. */
      source: string
    }
  | { kind: 'malformed'; start: number; source: string }

const PLACEHOLDER =
  /\{\{\s*(env\.)?([A-Za-z_][A-Za-z0-9_]*)\s*(?::-((?:(?!\}\}|\{\{).)*?))?\s*\}\}/sy
/** How much of a malformed placeholder messages quote. */
const QUOTED = 40

export function splitPlaceholders(text: string): Segment[] {
  const segments: Segment[] = []
  let literal = ''
  let at = 0
  const flush = () => {
    if (literal) segments.push({ kind: 'text', text: literal })
    literal = ''
  }
  while (at < text.length) {
    const open = text.indexOf('{{', at)
    if (open === -1) {
      literal += text.slice(at)
      break
    }
    if (open > at && text[open - 1] === '\\') {
      literal += text.slice(at, open - 1) + '{{'
      at = open + 2
      continue
    }
    literal += text.slice(at, open)
    PLACEHOLDER.lastIndex = open
    const match = PLACEHOLDER.exec(text)
    flush()
    if (!match) {
      const close = text.indexOf('}}', open + 2)
      const end = close === -1 ? text.length : close + 2
      segments.push({ kind: 'malformed', start: open, source: clip(text.slice(open, end)) })
      at = end
      continue
    }
    const [source, envPrefix, name, fallback] = match
    segments.push({
      kind: 'placeholder',
      name: envPrefix ? `env.${name}` : name!,
      fromEnv: envPrefix !== undefined,
      ...(fallback !== undefined ? { default: fallback.trim() } : {}),
      start: open,
      source: clip(source)
    })
    at = open + source.length
  }
  flush()
  return segments
}

function clip(text: string): string {
  return text.length > QUOTED ? `${text.slice(0, QUOTED)}…` : text
}
