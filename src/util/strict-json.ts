import { InputError } from './errors.js'
import { JsonScanError, lineAndColumn, scanJson, type JsonBuilder } from './json-scanner.js'
import { jsonPath, printable } from './printable.js'

/** Deeper than any task or service definition; deep enough to refuse hostile input early. */
export const DEFAULT_MAX_DEPTH = 200

export interface StrictJsonOptions {
  maxDepth?: number
}

/**
 * JSON.parse, stricter and more helpful: a key given twice in one object is an error (JSON.parse
 * keeps the last one silently), errors say line, column and a short escaped excerpt, and nesting
 * is bounded. Iterative and linear (util/json-scanner.ts), so hostile nesting cannot overflow the
 * stack. `where` names the file in errors.
 */
export function parseStrictJson(
  text: string,
  where: string,
  options: StrictJsonOptions = {}
): unknown {
  try {
    return scanJson(text, plainValues, {
      maxDepth: options.maxDepth ?? DEFAULT_MAX_DEPTH,
      skipByteOrderMark: false,
      refuseDuplicateKeys: true,
      offsets: false
    })
  } catch (error) {
    if (error instanceof JsonScanError) throw invalidJson(text, where, error)
    throw error
  }
}

/** The values JSON.parse makes. */
const plainValues: JsonBuilder<unknown> = {
  text: text => text.value,
  scalar: value => value,
  object: () => {
    const value: Record<string, unknown> = {}
    return { value, add: (member, key) => setOwn(value, key!.value, member) }
  },
  array: () => {
    const value: unknown[] = []
    return { value, add: member => value.push(member) }
  }
}

function invalidJson(text: string, where: string, error: JsonScanError): InputError {
  const { problem, fix, offset } = described(text, error)
  const { line, column } = lineAndColumn(text, offset)
  const lineEnd = text.indexOf('\n', offset)
  const from = Math.max(offset - 20, text.lastIndexOf('\n', offset - 1) + 1)
  const excerpt = text.slice(from, Math.min(from + 40, lineEnd === -1 ? text.length : lineEnd))
  // Trim JSON's whitespace only: String.trim would also hide a BOM or a no-break space.
  const shown = excerpt.replace(/^[ \t\r]+|[ \t\r]+$/g, '')
  const near = shown === '' ? '' : ` near "${printable(shown)}"`
  return new InputError(
    `${where}:${line}:${column}`,
    `is not valid JSON: it ${problem}${near}`,
    fix
  )
}

/** The problem in this module's words, and the offset it is shown at. */
function described(
  text: string,
  { problem: scanned, offset, path }: JsonScanError
): { problem: string; fix: string; offset: number } {
  const at = jsonPath(path)
  const inContainer = jsonPath(path.slice(0, -1))
  const said = (problem: string, fix: string, shownAt = offset) => ({
    problem,
    fix,
    offset: shownAt
  })
  switch (scanned.kind) {
    case 'after-end':
      return said('has more after the end of the JSON value', 'Remove what follows it.')
    case 'too-deep':
      return said(
        `nests objects and lists deeper than ${scanned.maxDepth} levels`,
        'Give a flatter file: no task or service definition nests this deep.'
      )
    case 'expected-key':
      return said(
        `expected a key in double quotes in the object at ${inContainer}`,
        'Quote every key with double quotes.'
      )
    case 'duplicate-key':
      return said(
        `gives the key "${printable(scanned.key)}" twice at ${at} (first on line ${lineAndColumn(text, scanned.first).line})`,
        'Keep one of them: JSON parsers keep only the last, silently.'
      )
    case 'expected-colon':
      return said(`expected ":" after the key "${printable(scanned.key)}"`, 'Write "key": value.')
    case 'expected-separator': {
      const what = scanned.container === 'object' ? 'the object' : 'the list'
      const close = scanned.container === 'object' ? '}' : ']'
      return text[offset] === undefined
        ? said(`ends inside ${what} at ${inContainer}`, `Close ${what} with "${close}".`)
        : said(
            `expected "," or "${close}" in ${what} at ${inContainer}`,
            'Separate members with commas.'
          )
    }
    case 'trailing-comma':
      return said(
        `has a trailing comma in ${scanned.container === 'object' ? 'the object' : 'the list'} at ${inContainer}`,
        'Remove the comma: JSON does not allow one before a closing bracket.',
        scanned.comma
      )
    case 'unterminated-text':
      return said(
        'has a text that never ends (no closing ")',
        'Close the text with ".',
        scanned.start
      )
    case 'control-character':
      return said(
        'has a control character (a raw line break or tab) inside a text',
        'Write it as \\n or \\t.'
      )
    case 'bad-unicode-escape':
      return said('has a bad \\u escape (expected 4 hex digits)', 'Fix the escape.')
    case 'unknown-escape':
      return said(
        'has an unknown escape in a text',
        'Use one of \\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX.'
      )
    case 'expected-value':
      return unexpectedValue(text, offset, at, said)
  }
}

/** What stands where a value belongs: the usual slips from other formats are named. */
function unexpectedValue<T>(
  text: string,
  offset: number,
  at: string,
  said: (problem: string, fix: string) => T
): T {
  const char = text[offset]
  if (char === undefined)
    return said(`ends where a value was expected at ${at}`, 'Complete the file.')
  if (char === '/' && (text[offset + 1] === '/' || text[offset + 1] === '*'))
    return said('has a comment', 'Remove it: JSON has no comments.')
  if (char === '\ufeff')
    return said('has a byte order mark (U+FEFF)', 'Save the file as UTF-8 without a BOM.')
  if (char === "'") return said('has a text in single quotes', 'Use double quotes.')
  if (char === '}' || char === ']')
    return said(`has "${char}" where a value was expected at ${at}`, 'Fix the JSON syntax.')
  return said(`has an unexpected character at ${at}`, 'Fix the JSON syntax.')
}

/** `obj[key] = value`, except that `__proto__` becomes an own key as JSON.parse makes it. */
function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__')
    Object.defineProperty(target, key, {
      value,
      enumerable: true,
      writable: true,
      configurable: true
    })
  else target[key] = value
}
