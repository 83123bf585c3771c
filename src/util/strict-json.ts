import { InputError } from './errors.js'
import { jsonPath, printable } from './printable.js'

/** Deeper than any task or service definition; deep enough to refuse hostile input early. */
export const DEFAULT_MAX_DEPTH = 200

export interface StrictJsonOptions {
  maxDepth?: number
}

interface ObjectFrame {
  kind: 'object'
  value: Record<string, unknown>
  /** Where each key was first given (an offset), to name both places of a duplicate. */
  keys: Map<string, number>
  key: string
}

interface ArrayFrame {
  kind: 'array'
  value: unknown[]
}

type Frame = ObjectFrame | ArrayFrame

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y
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

/**
 * JSON.parse, stricter and more helpful: a key given twice in one object is an error (JSON.parse
 * keeps the last one silently), errors say line, column and a short escaped excerpt, and nesting
 * is bounded. Iterative and linear: no recursion, so hostile nesting cannot overflow the stack.
 * `where` names the file in errors.
 */
export function parseStrictJson(
  text: string,
  where: string,
  options: StrictJsonOptions = {}
): unknown {
  return new Parser(text, where, options.maxDepth ?? DEFAULT_MAX_DEPTH).parse()
}

class Parser {
  private pos = 0
  private readonly stack: Frame[] = []

  constructor(
    private readonly text: string,
    private readonly where: string,
    private readonly maxDepth: number
  ) {}

  parse(): unknown {
    let value: unknown
    // Each turn reads one value; containers push a frame and their members are read in later turns.
    for (;;) {
      this.skipWhitespace()
      if (this.opensContainer()) {
        if (!this.closesEmptyContainer()) continue
        value = this.stack.pop()!.value
      } else {
        value = this.readScalar()
      }
      // Hand the finished value to its container, closing every container that ends here.
      for (;;) {
        const top = this.stack.at(-1)
        if (top === undefined) return this.finish(value)
        if (top.kind === 'array') top.value.push(value)
        else setOwn(top.value, top.key, value)
        if (this.nextMember(top)) break
        value = this.stack.pop()!.value
      }
    }
  }

  private finish(value: unknown): unknown {
    this.skipWhitespace()
    if (this.pos < this.text.length)
      this.fail(this.pos, 'has more after the end of the JSON value', 'Remove what follows it.')
    return value
  }

  /** `{` or `[`: pushes the frame; for an object also reads its first key. */
  private opensContainer(): boolean {
    const char = this.text[this.pos]
    if (char !== '{' && char !== '[') return false
    if (this.stack.length >= this.maxDepth) {
      this.fail(
        this.pos,
        `nests objects and lists deeper than ${this.maxDepth} levels`,
        'Give a flatter file: no task or service definition nests this deep.'
      )
    }
    this.pos++
    this.stack.push(
      char === '{'
        ? { kind: 'object', value: {}, keys: new Map(), key: '' }
        : { kind: 'array', value: [] }
    )
    return true
  }

  /** After `{` or `[`: true when the container closes at once; else positions on its first member. */
  private closesEmptyContainer(): boolean {
    const top = this.stack.at(-1)!
    this.skipWhitespace()
    const close = top.kind === 'object' ? '}' : ']'
    if (this.text[this.pos] === close) {
      this.pos++
      return true
    }
    if (top.kind === 'object') this.readKey(top)
    return false
  }

  /** After a member: `,` positions on the next one (true); the closing bracket ends the container (false). */
  private nextMember(top: Frame): boolean {
    this.skipWhitespace()
    const char = this.text[this.pos]
    const close = top.kind === 'object' ? '}' : ']'
    if (char === close) {
      this.pos++
      return false
    }
    if (char !== ',') {
      const what = top.kind === 'object' ? 'the object' : 'the list'
      this.fail(
        this.pos,
        char === undefined
          ? `ends inside ${what} at ${this.path(true)}`
          : `expected "," or "${close}" in ${what} at ${this.path(true)}`,
        char === undefined ? `Close ${what} with "${close}".` : 'Separate members with commas.'
      )
    }
    const comma = this.pos++
    this.skipWhitespace()
    if (this.text[this.pos] === close) {
      this.fail(
        comma,
        `has a trailing comma in ${top.kind === 'object' ? 'the object' : 'the list'} at ${this.path(true)}`,
        'Remove the comma: JSON does not allow one before a closing bracket.'
      )
    }
    if (top.kind === 'object') this.readKey(top)
    return true
  }

  private readKey(frame: ObjectFrame): void {
    this.skipWhitespace()
    const start = this.pos
    if (this.text[start] !== '"') {
      this.fail(
        start,
        `expected a key in double quotes in the object at ${this.path(true)}`,
        'Quote every key with double quotes.'
      )
    }
    const key = this.readString()
    const first = frame.keys.get(key)
    if (first !== undefined) {
      frame.key = key
      const { line } = this.lineColumn(first)
      this.fail(
        start,
        `gives the key "${printable(key)}" twice at ${this.path()} (first on line ${line})`,
        'Keep one of them: JSON parsers keep only the last, silently.'
      )
    }
    frame.keys.set(key, start)
    frame.key = key
    this.skipWhitespace()
    if (this.text[this.pos] !== ':') {
      this.fail(this.pos, `expected ":" after the key "${printable(key)}"`, 'Write "key": value.')
    }
    this.pos++
  }

  private readScalar(): unknown {
    const start = this.pos
    const char = this.text[start]
    if (char === '"') return this.readString()
    for (const [word, value] of [
      ['true', true],
      ['false', false],
      ['null', null]
    ] as const) {
      if (this.text.startsWith(word, start)) {
        this.pos += word.length
        return value
      }
    }
    NUMBER.lastIndex = start
    const number = NUMBER.exec(this.text)
    if (number) {
      this.pos += number[0].length
      return Number(number[0])
    }
    if (char === undefined)
      this.fail(start, `ends where a value was expected at ${this.path()}`, 'Complete the file.')
    if (char === '/' && (this.text[start + 1] === '/' || this.text[start + 1] === '*'))
      this.fail(start, 'has a comment', 'Remove it: JSON has no comments.')
    if (char === '\ufeff')
      this.fail(start, 'has a byte order mark (U+FEFF)', 'Save the file as UTF-8 without a BOM.')
    if (char === "'") this.fail(start, 'has a text in single quotes', 'Use double quotes.')
    const close = char === '}' || char === ']'
    this.fail(
      start,
      close
        ? `has "${char}" where a value was expected at ${this.path()}`
        : `has an unexpected character at ${this.path()}`,
      'Fix the JSON syntax.'
    )
  }

  /** A string starting at the current `"`; returns its value and moves past the closing quote. */
  private readString(): string {
    const start = this.pos
    const { text } = this
    let out = ''
    let run = start + 1
    let i = run
    for (;;) {
      const code = text.charCodeAt(i)
      if (Number.isNaN(code))
        this.fail(start, 'has a text that never ends (no closing ")', 'Close the text with ".')
      if (code === 0x22) {
        this.pos = i + 1
        return out + text.slice(run, i)
      }
      if (code < 0x20) {
        this.fail(
          i,
          'has a control character (a raw line break or tab) inside a text',
          'Write it as \\n or \\t.'
        )
      }
      if (code === 0x5c) {
        out += text.slice(run, i)
        const escape = text[i + 1]
        if (escape === 'u') {
          const hex = text.slice(i + 2, i + 6)
          if (!/^[0-9a-fA-F]{4}$/.test(hex))
            this.fail(i, 'has a bad \\u escape (expected 4 hex digits)', 'Fix the escape.')
          out += String.fromCharCode(parseInt(hex, 16))
          i += 6
        } else if (escape !== undefined && Object.hasOwn(ESCAPES, escape)) {
          out += ESCAPES[escape]
          i += 2
        } else {
          this.fail(
            i,
            'has an unknown escape in a text',
            'Use one of \\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX.'
          )
        }
        run = i
        continue
      }
      i++
    }
  }

  private skipWhitespace(): void {
    const { text } = this
    let i = this.pos
    for (;;) {
      const code = text.charCodeAt(i)
      if (code !== 0x20 && code !== 0x0a && code !== 0x0d && code !== 0x09) break
      i++
    }
    this.pos = i
  }

  /** The JSON path of the member being read (or, with `container`, of the innermost container). */
  private path(container = false): string {
    const frames = container ? this.stack.slice(0, -1) : this.stack
    return jsonPath(frames.map(frame => (frame.kind === 'array' ? frame.value.length : frame.key)))
  }

  private lineColumn(offset: number): { line: number; column: number } {
    let line = 1
    let lineStart = 0
    for (
      let i = this.text.indexOf('\n');
      i !== -1 && i < offset;
      i = this.text.indexOf('\n', i + 1)
    ) {
      line++
      lineStart = i + 1
    }
    return { line, column: offset - lineStart + 1 }
  }

  private fail(offset: number, problem: string, fix: string): never {
    const { line, column } = this.lineColumn(offset)
    const lineEnd = this.text.indexOf('\n', offset)
    const from = Math.max(offset - 20, this.text.lastIndexOf('\n', offset - 1) + 1)
    const excerpt = this.text.slice(
      from,
      Math.min(from + 40, lineEnd === -1 ? this.text.length : lineEnd)
    )
    // Trim JSON's whitespace only: String.trim would also hide a BOM or a no-break space.
    const shown = excerpt.replace(/^[ \t\r]+|[ \t\r]+$/g, '')
    const near = shown === '' ? '' : ` near "${printable(shown)}"`
    throw new InputError(
      `${this.where}:${line}:${column}`,
      `is not valid JSON: it ${problem}${near}`,
      fix
    )
  }
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
