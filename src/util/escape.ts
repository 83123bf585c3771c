// Text the action does not control (ECS events and stop reasons, AWS error messages, verify
// response bodies, dispatch inputs, ref names, commit messages, container log lines) passes
// through here before it is printed: to the log by escapeForLog, to the job summary by
// escapeMarkdown and the code helpers. escapeForLog is idempotent: escaping twice changes
// nothing, so text escaped where it was read can be escaped again where it is printed.
// Every escaper first removes the secrets the run knows (known-secrets.ts): escaping changes a
// secret's form (`p@ss` becomes `p\@ss`, a cut keeps half of it), which the runner's mask
// would no longer recognise.

import { redactKnownSecrets } from './known-secrets.js'

/** Longer outside text is cut: one ECS event or response body must not flood the log. */
export const DEFAULT_TEXT_LIMIT = 4000

// Every line break a runner, a terminal or a log viewer may honour.
const LINE_BREAKS: Record<string, string> = {
  '\r\n': '\\n',
  '\n': '\\n',
  '\r': '\\r',
  '\u000b': '\\v',
  '\u000c': '\\f',
  '\u0085': '\\x85',
  '\u2028': '\\u2028',
  '\u2029': '\\u2029'
}
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const LINE_BREAK = /\r\n|[\n\r\u000b\u000c\u0085\u2028\u2029]/g
// C0 controls but tab (ESC starts ANSI colour, cursor and OSC hyperlink sequences), DEL, C1
// controls (0x9b is a one-byte CSI), and the bidirectional overrides that reorder what is shown.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u0008\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g
// The runner reads a line as a command when, leading whitespace trimmed, it starts with "::";
// and as a legacy command when "##[" appears anywhere in it. Every "::" is broken, not only a
// leading one, so that no later split of the text can make a command of it; but not the
// empty region of an ARN (`arn:aws:iam::123456789012:role/deploy`), which is never a line start.
const DOUBLE_COLON = /(\barn:[\w-]+:[\w-]+)?:(?=:)/g
const LEGACY_COMMAND = /#(?=#\[)/g
const ZERO_WIDTH_SPACE = '\u200b'

function visible(character: string): string {
  const code = character.charCodeAt(0)
  return code <= 0xff
    ? `\\x${code.toString(16).padStart(2, '0')}`
    : `\\u${code.toString(16).padStart(4, '0')}`
}

/** The first `limit` characters (never half a surrogate pair), saying how much was cut. */
export function truncate(text: string, limit = DEFAULT_TEXT_LIMIT): string {
  if (text.length <= limit) return text
  let end = limit
  const last = text.charCodeAt(end - 1)
  if (last >= 0xd800 && last <= 0xdbff) end--
  return `${text.slice(0, end)}… (${text.length - end} more characters)`
}

/** Control characters shown as `\x1b`, `\u202e`; line breaks as `\n`, `\r`, `\u2028`. */
export function showControls(text: string, lineBreak?: string): string {
  return text
    .replace(LINE_BREAK, found => lineBreak ?? LINE_BREAKS[found]!)
    .replace(CONTROL, visible)
}

/**
 * What every escaper starts from: known secrets as `***` first (a cut or an escape would change
 * their form), then cut to `limit`, then controls shown.
 */
function shown(text: string, limit: number, lineBreak?: string): string {
  return showControls(truncate(redactKnownSecrets(text), limit), lineBreak)
}

/**
 * Outside text made safe for one line of the log, an annotation or an output: on one line, no
 * control characters, and nothing the runner would read as a workflow command, wherever the
 * text lands in the line.
 */
export function escapeForLog(text: string, limit = DEFAULT_TEXT_LIMIT): string {
  return shown(text, limit)
    .replace(DOUBLE_COLON, (found, arn?: string) => (arn ? found : `:${ZERO_WIDTH_SPACE}`))
    .replace(LEGACY_COMMAND, `#${ZERO_WIDTH_SPACE}`)
}

// In JSON text these can only stand inside a string (JSON.stringify escapes C0 controls there;
// the structure is ASCII and never two colons): each is written as its JSON escape, so the
// text stays the same JSON.
const JSON_UNSAFE = /[\u007f-\u009f\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]/g

/**
 * JSON text as JSON.stringify writes it (a request the log shows, which a user may copy) made
 * safe for the log as `escapeForLog` makes text, with JSON escapes instead of display
 * characters: DEL and C1 controls, line and paragraph separators and bidirectional marks and
 * overrides become `\uXXXX`, the
 * second colon of a `::` `\u003a` and the `#` of `##[` `\u0023`. It parses to the same value,
 * and no line of it is a workflow command. Not cut: a cut would make it invalid JSON.
 */
export function escapeJsonForLog(json: string): string {
  return json
    .replace(
      JSON_UNSAFE,
      character => `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`
    )
    .replace(DOUBLE_COLON, (found, arn?: string) => (arn ? found : '\\u003a'))
    .replace(LEGACY_COMMAND, '\\u0023')
}

// Everything that starts Markdown or HTML inline: emphasis, code, links and images, tables,
// strikethrough and fences, math, headings, mentions and e-mail links. `<`, `>` and `&` become
// entities so no tag or autolink can form; the rest is backslash-escaped. "(", "-", "." and
// the like only matter at the start of a line (lists, setext headings): see LINE_START.
const MARKDOWN_PUNCTUATION = /[\\`*_[\]!|~#$@]/g
const LINE_START = /^([-+=]|\d+(?=[.)]))/
const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' }
// Bare URLs and www. names are turned into links by GitHub even without brackets: a
// zero-width space keeps them text (an escaped "@" does the same for e-mail addresses).
const AUTOLINK = /:\/\/|\bwww\./gi

/**
 * Outside text as Markdown text on one line (a table cell, a quoted line, a list item):
 * shown as written, never rendered as a link, an image, HTML, a code span or a table column.
 */
export function escapeMarkdown(text: string, limit = DEFAULT_TEXT_LIMIT): string {
  return (
    shown(text, limit, ' ')
      // Leading whitespace would make an indented code block of it.
      .replace(/^\s+/, '')
      .replace(/[&<>]/g, found => ENTITIES[found]!)
      .replace(MARKDOWN_PUNCTUATION, found => `\\${found}`)
      .replace(LINE_START, found => (/^\d/.test(found) ? `${found}\\` : `\\${found}`))
      .replace(AUTOLINK, found => `${found[0]}${ZERO_WIDTH_SPACE}${found.slice(1)}`)
  )
}

/** A fence of backticks longer than any run of them in `text` (and at least `minimum`). */
export function fenceFor(text: string, minimum = 3): string {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map(run => run.length))
  return '`'.repeat(Math.max(minimum, longest + 1))
}

/**
 * Outside text as an inline code span in a table cell: shown verbatim, one line, no column
 * break (GitHub splits cells on `|` even inside code, so it stays escaped).
 */
export function inlineCode(text: string, limit = DEFAULT_TEXT_LIMIT): string {
  const body = shown(text, limit, ' ').replace(/\|/g, '\\|')
  const fence = fenceFor(body, 1)
  // A span that starts or ends with a backtick needs a space between it and the fence.
  const padded = /^`|`$/.test(body) || /^ .* $/.test(body) ? ` ${body} ` : body
  return `${fence}${padded}${fence}`
}

/** Outside text as a fenced code block: no line of it can close the fence. */
export function codeBlock(lines: readonly string[], limit = DEFAULT_TEXT_LIMIT): string {
  const body = lines.map(line => shown(line, limit, ' '))
  const fence = fenceFor(body.join('\n'))
  return [fence, ...body, fence].join('\n')
}
