// The one JSON scanner: it reads exactly what JSON.parse reads, hands each value to a builder
// (plain values for definitions, nodes with source offsets for templates), and stops at the first
// problem with a JsonScanError that says what and where, in no one's words: each front end
// (util/strict-json.ts, template/json-positions.ts) words it for its own readers.

/** A text as it was decoded, and, when asked for, where each of its characters came from. */
export interface ScannedText {
  value: string
  /**
   * Offset in the source text of each character of `value`, plus one past the end (its closing
   * quote): escapes make a decoded character span several source characters.
   */
  offsets?: number[]
}

/** Where a container's members go; `value` is what the builder made of the whole container. */
export interface JsonContainer<T> {
  readonly value: T
  /** A member: `key` is undefined in a list. */
  add(value: T, key: ScannedText | undefined): void
}

/** Makes what the scanner read into the caller's shape. */
export interface JsonBuilder<T> {
  text(text: ScannedText): T
  scalar(value: number | boolean | null): T
  object(): JsonContainer<T>
  array(): JsonContainer<T>
}

export interface JsonScanOptions {
  /** Containers nested deeper than this are refused, before any stack could overflow. */
  maxDepth: number
  /** Skip one byte-order mark at the start (else it is a character where a value belongs). */
  skipByteOrderMark: boolean
  /** Refuse a key given twice in one object (JSON.parse keeps the last one silently). */
  refuseDuplicateKeys: boolean
  /** Record each decoded character's source offset in `ScannedText.offsets`. */
  offsets: boolean
}

/** What was wrong; `JsonScanError.offset` says where, `text[offset]` what was found there. */
export type JsonProblem =
  | { kind: 'after-end' }
  | { kind: 'too-deep'; maxDepth: number }
  | { kind: 'expected-value' }
  | { kind: 'expected-key' }
  | { kind: 'expected-colon'; key: string }
  | { kind: 'expected-separator'; container: 'object' | 'array' }
  /** A comma (at `comma`) right before the closing bracket at the offset. */
  | { kind: 'trailing-comma'; container: 'object' | 'array'; comma: number }
  /** The text that opened at `start` runs to the end of the source (the offset). */
  | { kind: 'unterminated-text'; start: number }
  | { kind: 'control-character' }
  /** A backslash at the offset that is followed by no valid escape. */
  | { kind: 'bad-unicode-escape' }
  | { kind: 'unknown-escape' }
  /** The key at the offset was first given at `first`. */
  | { kind: 'duplicate-key'; key: string; first: number }

export class JsonScanError extends Error {
  constructor(
    readonly problem: JsonProblem,
    readonly offset: number,
    /** The path of the member being read: keys and list indexes, outermost first. */
    readonly path: (string | number)[]
  ) {
    super(`JSON ${problem.kind} at offset ${offset}`)
    this.name = 'JsonScanError'
  }
}

interface Frame<T> {
  kind: 'object' | 'array'
  container: JsonContainer<T>
  /** The members added so far: a list's next index. */
  count: number
  key?: ScannedText
  /** Where each key was first given, when duplicates are refused. */
  keys?: Map<string, number>
}

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
 * Reads one JSON value and nothing after it. Iterative and linear: no recursion, so hostile
 * nesting cannot overflow the stack.
 */
export function scanJson<T>(text: string, builder: JsonBuilder<T>, options: JsonScanOptions): T {
  return new Scanner(text, builder, options).document()
}

class Scanner<T> {
  private pos = 0
  private readonly stack: Frame<T>[] = []

  constructor(
    private readonly text: string,
    private readonly builder: JsonBuilder<T>,
    private readonly options: JsonScanOptions
  ) {
    if (options.skipByteOrderMark && text.startsWith('\ufeff')) this.pos = 1
  }

  document(): T {
    let value: T
    // Each turn reads one value; containers push a frame and their members are read in later turns.
    for (;;) {
      this.skipWhitespace()
      if (this.opensContainer()) {
        if (!this.closesEmptyContainer()) continue
        value = this.stack.pop()!.container.value
      } else {
        value = this.readScalar()
      }
      // Hand the finished value to its container, closing every container that ends here.
      for (;;) {
        const top = this.stack.at(-1)
        if (top === undefined) return this.finish(value)
        top.container.add(value, top.key)
        top.count++
        if (this.nextMember(top)) break
        value = this.stack.pop()!.container.value
      }
    }
  }

  private finish(value: T): T {
    this.skipWhitespace()
    if (this.pos < this.text.length) this.fail({ kind: 'after-end' }, this.pos)
    return value
  }

  /** `{` or `[`: pushes the frame. */
  private opensContainer(): boolean {
    const char = this.text[this.pos]
    if (char !== '{' && char !== '[') return false
    const { maxDepth } = this.options
    if (this.stack.length >= maxDepth) this.fail({ kind: 'too-deep', maxDepth }, this.pos)
    this.pos++
    this.stack.push(
      char === '{'
        ? {
            kind: 'object',
            container: this.builder.object(),
            count: 0,
            keys: this.options.refuseDuplicateKeys ? new Map() : undefined
          }
        : { kind: 'array', container: this.builder.array(), count: 0 }
    )
    return true
  }

  /** After `{` or `[`: true when the container closes at once; else positions on its first member. */
  private closesEmptyContainer(): boolean {
    const top = this.stack.at(-1)!
    this.skipWhitespace()
    if (this.text[this.pos] === (top.kind === 'object' ? '}' : ']')) {
      this.pos++
      return true
    }
    if (top.kind === 'object') this.readKey(top)
    return false
  }

  /** After a member: `,` positions on the next one (true); the closing bracket ends the container (false). */
  private nextMember(top: Frame<T>): boolean {
    this.skipWhitespace()
    const close = top.kind === 'object' ? '}' : ']'
    const char = this.text[this.pos]
    if (char === close) {
      this.pos++
      return false
    }
    if (char !== ',') this.fail({ kind: 'expected-separator', container: top.kind }, this.pos)
    const comma = this.pos++
    this.skipWhitespace()
    if (this.text[this.pos] === close)
      this.fail({ kind: 'trailing-comma', container: top.kind, comma }, this.pos)
    if (top.kind === 'object') this.readKey(top)
    return true
  }

  private readKey(frame: Frame<T>): void {
    this.skipWhitespace()
    const start = this.pos
    if (this.text[start] !== '"') this.fail({ kind: 'expected-key' }, start)
    const key = this.readText()
    frame.key = key
    if (frame.keys) {
      const first = frame.keys.get(key.value)
      if (first !== undefined) this.fail({ kind: 'duplicate-key', key: key.value, first }, start)
      frame.keys.set(key.value, start)
    }
    this.skipWhitespace()
    if (this.text[this.pos] !== ':') this.fail({ kind: 'expected-colon', key: key.value }, this.pos)
    this.pos++
  }

  private readScalar(): T {
    const start = this.pos
    if (this.text[start] === '"') return this.builder.text(this.readText())
    for (const [word, value] of [
      ['true', true],
      ['false', false],
      ['null', null]
    ] as const) {
      if (this.text.startsWith(word, start)) {
        this.pos += word.length
        return this.builder.scalar(value)
      }
    }
    NUMBER.lastIndex = start
    const number = NUMBER.exec(this.text)
    if (!number) this.fail({ kind: 'expected-value' }, start)
    this.pos += number[0].length
    return this.builder.scalar(Number(number[0]))
  }

  /** A text starting at the current `"`; moves past its closing quote. */
  private readText(): ScannedText {
    const start = this.pos
    const { text } = this
    const offsets: number[] | undefined = this.options.offsets ? [] : undefined
    let value = ''
    // Characters between escapes are copied as one run.
    let run = start + 1
    let i = run
    const copyRun = () => {
      value += text.slice(run, i)
      if (offsets) for (let at = run; at < i; at++) offsets.push(at)
    }
    for (;;) {
      const code = text.charCodeAt(i)
      if (Number.isNaN(code)) this.fail({ kind: 'unterminated-text', start }, i)
      if (code === 0x22) {
        copyRun()
        offsets?.push(i)
        this.pos = i + 1
        return { value, offsets }
      }
      if (code < 0x20) this.fail({ kind: 'control-character' }, i)
      if (code === 0x5c) {
        copyRun()
        offsets?.push(i)
        const escape = text[i + 1]
        if (escape === 'u') {
          const hex = text.slice(i + 2, i + 6)
          if (!/^[0-9a-fA-F]{4}$/.test(hex)) this.fail({ kind: 'bad-unicode-escape' }, i)
          value += String.fromCharCode(parseInt(hex, 16))
          i += 6
        } else if (escape !== undefined && Object.hasOwn(ESCAPES, escape)) {
          value += ESCAPES[escape]
          i += 2
        } else {
          this.fail({ kind: 'unknown-escape' }, i)
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

  private fail(problem: JsonProblem, offset: number): never {
    const path = this.stack.map(frame =>
      frame.kind === 'array' ? frame.count : (frame.key?.value ?? '')
    )
    throw new JsonScanError(problem, offset, path)
  }
}

/** 1-based line and column (in UTF-16 units, as editors that count characters show them). */
export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  return lineLocator(text)(offset)
}

/** lineAndColumn for many offsets of one text: the line starts are found once. */
export function lineLocator(text: string): (offset: number) => { line: number; column: number } {
  const starts = [0]
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1)
  // Editors do not count a byte-order mark as a column (the mark itself is in column 1).
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
    return { line: low + 1, column: Math.max(offset - lineStart, 0) + 1 }
  }
}
