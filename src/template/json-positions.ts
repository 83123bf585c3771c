/**
 * A JSON parser that keeps where each string came from, so a template error can name the line
 * and column of a placeholder even after escapes (`\n`, `\u00e9`) changed the string's length.
 * It accepts exactly what JSON.parse accepts (plus a leading byte-order mark).
 */

export type JsonNode = JsonObjectNode | JsonArrayNode | JsonStringNode | JsonScalarNode

export interface JsonObjectNode {
  kind: 'object'
  entries: { key: JsonStringNode; value: JsonNode }[]
}

export interface JsonArrayNode {
  kind: 'array'
  items: JsonNode[]
}

export interface JsonStringNode {
  kind: 'string'
  value: string
  /**
   * Offset in the source text of each character of `value`, plus one past the end: escapes
   * make a decoded character span several source characters.
   */
  offsets: number[]
}

export interface JsonScalarNode {
  kind: 'scalar'
  value: number | boolean | null
}

/** Bad JSON, at an offset of the source text. */
export class JsonSyntaxError extends Error {
  constructor(
    message: string,
    readonly offset: number
  ) {
    super(message)
    this.name = 'JsonSyntaxError'
  }
}

const ESCAPES: Record<string, string> = {
  '"': '"',
  '\\': '\\',
  '/': '/',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t'
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y
const WHITESPACE = /[ \t\n\r]*/y

export function parseJsonWithPositions(text: string): JsonNode {
  const scanner = new Scanner(text)
  return scanner.document()
}

class Scanner {
  private at = 0
  /** Nesting guard: a hostile file must not overflow the stack. */
  private depth = 0

  constructor(private readonly text: string) {
    if (text.startsWith('\ufeff')) this.at = 1
  }

  document(): JsonNode {
    const node = this.value()
    this.skipWhitespace()
    if (this.at < this.text.length) this.fail('unexpected text after the JSON value')
    return node
  }

  private value(): JsonNode {
    this.skipWhitespace()
    const char = this.text[this.at]
    if (char === '{') return this.nested(() => this.object())
    if (char === '[') return this.nested(() => this.array())
    if (char === '"') return this.string()
    for (const [word, value] of [
      ['true', true],
      ['false', false],
      ['null', null]
    ] as const) {
      if (this.text.startsWith(word, this.at)) {
        this.at += word.length
        return { kind: 'scalar', value }
      }
    }
    NUMBER.lastIndex = this.at
    const number = NUMBER.exec(this.text)
    if (number) {
      this.at += number[0].length
      return { kind: 'scalar', value: Number(number[0]) }
    }
    if (char === undefined) this.fail('unexpected end of the file, expected a value')
    this.fail(`unexpected ${describeChar(char)}, expected a value`)
  }

  private nested<T>(parse: () => T): T {
    if (++this.depth > 200) this.fail('nested more than 200 levels deep')
    const result = parse()
    this.depth--
    return result
  }

  private object(): JsonObjectNode {
    this.at++ // {
    const entries: JsonObjectNode['entries'] = []
    this.skipWhitespace()
    if (this.text[this.at] === '}') {
      this.at++
      return { kind: 'object', entries }
    }
    for (;;) {
      this.skipWhitespace()
      if (this.text[this.at] !== '"') this.fail(this.expected('a key in double quotes'))
      const key = this.string()
      this.skipWhitespace()
      if (this.text[this.at] !== ':') this.fail(this.expected('":" after the key'))
      this.at++
      entries.push({ key, value: this.value() })
      this.skipWhitespace()
      const next = this.text[this.at]
      this.at++
      if (next === '}') return { kind: 'object', entries }
      if (next !== ',') {
        this.at--
        this.fail(this.expected('"," or "}"'))
      }
    }
  }

  private array(): JsonArrayNode {
    this.at++ // [
    const items: JsonNode[] = []
    this.skipWhitespace()
    if (this.text[this.at] === ']') {
      this.at++
      return { kind: 'array', items }
    }
    for (;;) {
      items.push(this.value())
      this.skipWhitespace()
      const next = this.text[this.at]
      this.at++
      if (next === ']') return { kind: 'array', items }
      if (next !== ',') {
        this.at--
        this.fail(this.expected('"," or "]"'))
      }
    }
  }

  private string(): JsonStringNode {
    this.at++ // opening quote
    let value = ''
    const offsets: number[] = []
    for (;;) {
      const start = this.at
      const char = this.text[this.at]
      if (char === undefined) this.fail('unterminated string')
      if (char === '"') {
        offsets.push(start)
        this.at++
        return { kind: 'string', value, offsets }
      }
      if (char < ' ') this.fail(`${describeChar(char)} inside a string must be escaped`)
      if (char === '\\') {
        const escape = this.text[this.at + 1]
        if (escape === 'u') {
          const hex = this.text.slice(this.at + 2, this.at + 6)
          if (!/^[0-9a-fA-F]{4}$/.test(hex)) this.fail('bad \\u escape, expected 4 hex digits')
          value += String.fromCharCode(parseInt(hex, 16))
          this.at += 6
        } else if (escape !== undefined && escape in ESCAPES) {
          value += ESCAPES[escape]
          this.at += 2
        } else if (escape === '{') {
          // A template's literal `{{` is `\{{`, and JSON writes that backslash doubled.
          this.fail('bad escape \\{ inside a string: for a literal {{ write \\\\{{')
        } else {
          this.fail(`bad escape \\${escape ?? ''} inside a string`)
        }
      } else {
        value += char
        this.at++
      }
      offsets.push(start)
    }
  }

  private skipWhitespace(): void {
    WHITESPACE.lastIndex = this.at
    this.at += WHITESPACE.exec(this.text)![0].length
  }

  private expected(what: string): string {
    const char = this.text[this.at]
    return char === undefined
      ? `unexpected end of the file, expected ${what}`
      : `unexpected ${describeChar(char)}, expected ${what}`
  }

  private fail(message: string): never {
    throw new JsonSyntaxError(message, this.at)
  }
}

function describeChar(char: string): string {
  return char < ' ' || char === '\u007f'
    ? `control character U+${char.charCodeAt(0).toString(16).padStart(4, '0')}`
    : JSON.stringify(char)
}

/** 1-based line and column (in UTF-16 units, as editors that count characters show them). */
export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  return lineLocator(text)(offset)
}

/** lineAndColumn for many offsets of one text: the line starts are found once. */
export function lineLocator(text: string): (offset: number) => { line: number; column: number } {
  const starts = [0]
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1)
  // Editors do not count a byte-order mark as a column.
  const bom = text.startsWith('\ufeff') ? 1 : 0
  return offset => {
    let low = 0
    let high = starts.length - 1
    while (low < high) {
      const middle = (low + high + 1) >> 1
      if (starts[middle]! <= offset) low = middle
      else high = middle - 1
    }
    const lineStart = low === 0 ? bom : starts[low]!
    return { line: low + 1, column: offset - lineStart + 1 }
  }
}
