import {
  JsonScanError,
  scanJson,
  type JsonBuilder,
  type JsonContainer,
  type ScannedText
} from '../util/json-scanner.js'

/**
 * JSON read with where each string came from, so a template error can name the line and column
 * of a placeholder even after escapes (`\n`, `\u00e9`) changed the string's length. It accepts
 * exactly what JSON.parse accepts (plus a leading byte-order mark); the scanner is
 * util/json-scanner.ts, shared with util/strict-json.ts.
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

/** A template nests far less; deep enough to refuse hostile input early. */
const MAX_DEPTH = 200

export function parseJsonWithPositions(text: string): JsonNode {
  try {
    return scanJson(text, nodes, {
      maxDepth: MAX_DEPTH,
      skipByteOrderMark: true,
      refuseDuplicateKeys: false,
      offsets: true
    })
  } catch (error) {
    if (error instanceof JsonScanError) throw syntaxError(text, error)
    throw error
  }
}

const stringNode = ({ value, offsets }: ScannedText): JsonStringNode => ({
  kind: 'string',
  value,
  offsets: offsets!
})

const nodes: JsonBuilder<JsonNode> = {
  text: stringNode,
  scalar: value => ({ kind: 'scalar', value }),
  object: (): JsonContainer<JsonNode> => {
    const value: JsonObjectNode = { kind: 'object', entries: [] }
    return {
      value,
      add: (member, key) => value.entries.push({ key: stringNode(key!), value: member })
    }
  },
  array: (): JsonContainer<JsonNode> => {
    const value: JsonArrayNode = { kind: 'array', items: [] }
    return { value, add: member => value.items.push(member) }
  }
}

/** The scanner's problem in this module's words, at the offset a template error shows. */
function syntaxError(text: string, { problem, offset }: JsonScanError): JsonSyntaxError {
  const found = (what: string, at = offset) => {
    const char = text[at]
    return new JsonSyntaxError(
      char === undefined
        ? `unexpected end of the file, expected ${what}`
        : `unexpected ${describeChar(char)}, expected ${what}`,
      at
    )
  }
  const said = (message: string) => new JsonSyntaxError(message, offset)
  switch (problem.kind) {
    case 'after-end':
      return said('unexpected text after the JSON value')
    case 'too-deep':
      return said(`nested more than ${problem.maxDepth} levels deep`)
    case 'expected-value':
      return found('a value')
    case 'expected-key':
      return found('a key in double quotes')
    case 'duplicate-key':
      // Not asked for: a template keeps the last of a key given twice, as JSON.parse does.
      throw new Error('the scanner refused a duplicate key it was told to keep')
    case 'expected-colon':
      return found('":" after the key')
    case 'expected-separator':
      return found(problem.container === 'object' ? '"," or "}"' : '"," or "]"')
    case 'trailing-comma':
      // A comma promises a member: what stands there instead is what is wrong.
      return found(problem.container === 'object' ? 'a key in double quotes' : 'a value')
    case 'unterminated-text':
      return said('unterminated string')
    case 'control-character':
      return said(`${describeChar(text[offset]!)} inside a string must be escaped`)
    case 'bad-unicode-escape':
      return said('bad \\u escape, expected 4 hex digits')
    case 'unknown-escape': {
      const escape = text[offset + 1]
      // A template's literal `{{` is `\{{`, and JSON writes that backslash doubled.
      return said(
        escape === '{'
          ? 'bad escape \\{ inside a string: for a literal {{ write \\\\{{'
          : `bad escape \\${escape ?? ''} inside a string`
      )
    }
  }
}

function describeChar(char: string): string {
  return char < ' ' || char === '\u007f'
    ? `control character U+${char.charCodeAt(0).toString(16).padStart(4, '0')}`
    : JSON.stringify(char)
}
