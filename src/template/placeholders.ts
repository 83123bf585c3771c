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

/** How much of a malformed placeholder messages quote. */
const QUOTED = 40

/**
 * Counts the characters the scanner looks at. Each character is looked at a bounded number of
 * times, so the count is linear in the text's length: the tests prove that by this count on
 * hostile inputs (an unclosed `{{ A:-` followed by whitespace, thousands of `{{`), not by time.
 */
export interface ScanMeter {
  reads: number
}

/** A placeholder as parsed at its `{{`: where it ends (after `}}`) and what it holds. */
interface Parsed {
  end: number
  name: string
  fromEnv: boolean
  default?: string
}

export function splitPlaceholders(text: string, meter: ScanMeter = { reads: 0 }): Segment[] {
  const segments: Segment[] = []
  let literal = ''
  let at = 0
  const find = (needle: string, from: number): number => {
    const found = text.indexOf(needle, from)
    meter.reads += (found === -1 ? text.length : found + needle.length) - from
    return found
  }
  const flush = () => {
    if (literal) segments.push({ kind: 'text', text: literal })
    literal = ''
  }
  while (at < text.length) {
    const open = find('{{', at)
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
    const parsed = parsePlaceholder(text, open, meter)
    flush()
    if (!parsed) {
      const close = find('}}', open + 2)
      const end = close === -1 ? text.length : close + 2
      segments.push({ kind: 'malformed', start: open, source: clip(text.slice(open, end)) })
      at = end
      continue
    }
    const { end, name, fromEnv } = parsed
    segments.push({
      kind: 'placeholder',
      name: fromEnv ? `env.${name}` : name,
      fromEnv,
      ...(parsed.default !== undefined ? { default: parsed.default } : {}),
      start: open,
      source: clip(text.slice(open, end))
    })
    at = end
  }
  flush()
  return segments
}

/**
 * The placeholder whose `{{` is at `open`, or undefined when it is malformed. One pass forward,
 * never back: it stops at the first `}}` (or, in a default, the first `{{`), so the text it
 * reads is at most what the caller's search for the closing `}}` reads again.
 */
function parsePlaceholder(text: string, open: number, meter: ScanMeter): Parsed | undefined {
  let at = open + 2
  const peek = (offset = 0): string | undefined => {
    meter.reads++
    return text[at + offset]
  }
  const skipSpace = () => {
    while (isSpace(peek())) at++
  }
  skipSpace()
  const fromEnv = text.startsWith('env.', at) && isNameStart(text[at + 4])
  meter.reads += 5
  if (fromEnv) at += 4
  const nameStart = at
  if (!isNameStart(peek())) return undefined
  at++
  while (isNameChar(peek())) at++
  const name = text.slice(nameStart, at)
  skipSpace()
  if (peek() === '}' && peek(1) === '}') return { end: at + 2, name, fromEnv }
  if (peek() !== ':' || peek(1) !== '-') return undefined
  at += 2
  const defaultStart = at
  for (;;) {
    const char = peek()
    if (char === undefined) return undefined
    // No nesting: a `{{` inside a default makes the placeholder malformed.
    if (char === '{' && peek(1) === '{') return undefined
    if (char === '}' && peek(1) === '}')
      return { end: at + 2, name, fromEnv, default: text.slice(defaultStart, at).trim() }
    at++
  }
}

function isSpace(char: string | undefined): boolean {
  return char !== undefined && /\s/.test(char)
}

function isNameStart(char: string | undefined): boolean {
  return char !== undefined && /[A-Za-z_]/.test(char)
}

function isNameChar(char: string | undefined): boolean {
  return char !== undefined && /[A-Za-z0-9_]/.test(char)
}

function clip(text: string): string {
  return text.length > QUOTED ? `${text.slice(0, QUOTED)}…` : text
}
