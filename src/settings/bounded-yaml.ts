import { isMap, isScalar, Lexer, parseDocument, type Document, type Node } from 'yaml'

/**
 * Bounds on what a config file's YAML may ask of the parser. The file's size is bounded before
 * it is read; these bound the work its structure could make the parser do in that size, so no
 * config keeps the process busy long enough to miss a cancellation signal:
 * - nesting: the parser recurses per level and would overflow its stack (deep `[[[[` or
 *   `- - - -`), slowly;
 * - anchors and aliases: an alias expands to its anchor's whole value, so a few lines can stand
 *   for billions of nodes (the "billion laughs");
 * - duplicate keys are found here in one pass: the parser's own check compares every key of a
 *   mapping with every other, quadratic in a mapping's size.
 * A config is a few levels deep and uses a few anchors; these are far above that.
 */
export const YAML_LIMITS = { flowDepth: 64, indicatorsPerLine: 32, anchors: 100, aliases: 100 }

export interface YamlProblem {
  /** `bound`: valid YAML over a bound above; `syntax`: not valid YAML. */
  kind: 'bound' | 'syntax'
  /** 0-based offset in the source. */
  offset: number
  message: string
}

/**
 * The first bound the source breaks, from the lexer's tokens alone (linear, no tree built), or
 * undefined. Block nesting by indentation alone is bounded by the file's size.
 */
export function yamlBoundProblem(source: string, limits = YAML_LIMITS): YamlProblem | undefined {
  let offset = 0
  let flowDepth = 0
  let indicators = 0
  let anchors = 0
  let aliases = 0
  for (const token of new Lexer().lex(source)) {
    // The lexer's own markers (document, scalar, flow end) are not in the source.
    if (token === '\x02' || token === '\x18' || token === '\x1f') continue
    const start = offset
    offset += token.length
    const first = token[0]
    if (first === '\n' || first === '\r') indicators = 0
    else if (token === '[' || token === '{') {
      if (++flowDepth > limits.flowDepth)
        return {
          kind: 'bound',
          offset: start,
          message: `flow collections ([ or {) nested more than ${limits.flowDepth} levels deep`
        }
    } else if (token === ']' || token === '}') flowDepth = Math.max(0, flowDepth - 1)
    else if (flowDepth === 0 && (token === '-' || token === '?' || token === ':')) {
      if (++indicators > limits.indicatorsPerLine)
        return {
          kind: 'bound',
          offset: start,
          message: `more than ${limits.indicatorsPerLine} nested "-", "?" or ":" on one line`
        }
    } else if (first === '&') {
      if (++anchors > limits.anchors)
        return {
          kind: 'bound',
          offset: start,
          message: `more than ${limits.anchors} anchors (&name)`
        }
    } else if (first === '*') {
      if (++aliases > limits.aliases)
        return {
          kind: 'bound',
          offset: start,
          message: `more than ${limits.aliases} aliases (*name)`
        }
    }
  }
  return undefined
}

/** Parses after the bounds hold; duplicate keys are errors of the document, as the parser's own check makes them. */
export function parseBoundedYaml(
  source: string
): { document: Document } | { problem: YamlProblem } {
  const problem = yamlBoundProblem(source)
  if (problem) return { problem }
  const document = parseDocument(source, { prettyErrors: true, uniqueKeys: false })
  if (document.errors.length > 0) return { document }
  const duplicate = firstDuplicateKey(document.contents)
  if (duplicate) return { problem: duplicate }
  return { document }
}

/** 1-based line and column of an offset, for messages (computed only on a problem). */
export function linePosition(source: string, offset: number): { line: number; col: number } {
  const before = source.slice(0, offset)
  const lineStart = before.lastIndexOf('\n') + 1
  return { line: before.split('\n').length, col: offset - lineStart + 1 }
}

/** Walks the tree with a stack of its own (the depth is bounded, but no recursion is needed). */
function firstDuplicateKey(root: unknown): YamlProblem | undefined {
  const pending: unknown[] = [root]
  while (pending.length > 0) {
    const node = pending.pop()
    if (isMap(node)) {
      const seen = new Set<string>()
      for (const { key, value } of node.items) {
        if (isScalar(key)) {
          const id = `${typeof key.value}:${String(key.value)}`
          if (seen.has(id))
            return {
              kind: 'syntax',
              offset: (key as Node).range?.[0] ?? 0,
              message: `Map keys must be unique ("${String(key.value).slice(0, 80)}" is repeated)`
            }
          seen.add(id)
        }
        pending.push(value)
      }
    } else if (node && typeof node === 'object' && 'items' in node && Array.isArray(node.items)) {
      pending.push(...(node.items as unknown[]))
    }
  }
  return undefined
}
