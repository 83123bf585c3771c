import { InputError } from '../util/errors.js'
import { escapeForLog } from '../util/logger.js'
import { fieldTypeAt, type FieldType } from './field-types.js'
import { lineLocator } from '../util/json-scanner.js'
import {
  JsonSyntaxError,
  parseJsonWithPositions,
  type JsonNode,
  type JsonStringNode
} from './json-positions.js'
import { splitPlaceholders, type Segment } from './placeholders.js'

/** The names ecs-flow defines for every template. */
export const BUILTIN_NAMES = [
  'ECS_FLOW_ENVIRONMENT',
  'ECS_FLOW_SERVICE',
  'ECS_FLOW_SHA',
  'ECS_FLOW_IMAGE',
  'AWS_REGION',
  'AWS_ACCOUNT_ID'
] as const
export type BuiltinName = (typeof BUILTIN_NAMES)[number]

/**
 * A built-in's value, or a loader for one that costs a call (the account ID): loaders run only
 * when a placeholder needs them, once per render. `undefined` means not known in this run.
 */
export type Builtin = string | (() => Promise<string>) | undefined

export interface RenderOptions {
  /** The file's path as the user wrote it, for messages. */
  file: string
  /** The environment's `values:` with the service's own map already laid over it. */
  values: Readonly<Record<string, string>>
  builtins: Readonly<Partial<Record<BuiltinName, Builtin>>>
  /** The runner's environment; read only through `{{ env.NAME }}`. */
  env: Readonly<Record<string, string | undefined>>
  /**
   * Renders a name that is not known (an unset runner variable, a built-in this run cannot
   * read) as this text instead of reporting it: a preview without AWS credentials.
   */
  unknownAs?: string
}

export interface TemplateProblem {
  file: string
  line: number
  column: number
  problem: string
  fix: string
  /** `file:line:column: problem. fix`, escaped for the log. */
  message: string
}

export type RenderResult =
  | {
      ok: true
      /** The rendered definition, typed per field. */
      value: unknown
      /** `value` as JSON (2-space indent, trailing newline): source formatting is not kept. */
      text: string
      /** `text` with every value from the runner environment shown as `{{ env.NAME }}`: for diffs and logs. */
      displayText: string
      /** Each name that was rendered, first appearance first (`env.NAME` for runner variables). */
      used: string[]
      /** The runner variables whose values went in (bare names): show them by name, never by value. */
      fromEnv: string[]
      /** The names that fell back to their `:-default`. */
      defaulted: string[]
      /** The fields that take a number or boolean but hold the unknownAs marker (JSON paths). */
      unknownTyped: string[]
    }
  | { ok: false; problems: TemplateProblem[] }

type Placeholder = Extract<Segment, { kind: 'placeholder' }>

/** Where a value came from: the runner environment is tracked so it is never displayed. */
interface Resolved {
  value: string
  fromEnv: boolean
  defaulted: boolean
  /** The unknownAs marker, kept as text in a typed field. */
  unknown?: boolean
}

/**
 * Renders a task- or service-definition template. Rules are in placeholders.ts (syntax) and
 * field-types.ts (which whole-value placeholders become numbers or booleans). Names resolve
 * from `values`, then `builtins`; runner variables only as `{{ env.NAME }}`. Every problem of
 * the file is reported at once, with its line and column; loaders of built-ins run only for a
 * file without problems, and only for the built-ins it uses.
 */
export async function renderTemplate(text: string, options: RenderOptions): Promise<RenderResult> {
  const problems: TemplateProblem[] = []
  const locate = lineLocator(text)
  const report = (offset: number, problem: string, fix: string) =>
    problems.push(makeProblem(options.file, locate(offset), problem, fix))

  let root: JsonNode
  try {
    root = parseJsonWithPositions(text)
  } catch (error) {
    if (!(error instanceof JsonSyntaxError)) throw error
    report(error.offset, `is not valid JSON (${error.message})`, 'Fix the JSON syntax.')
    return { ok: false, problems }
  }

  const strings = collectStrings(root)
  const placeholders: { node: JsonStringNode; segment: Placeholder }[] = []
  for (const { node } of strings) {
    for (const segment of splitPlaceholders(node.value)) {
      if (segment.kind === 'malformed')
        report(
          node.offsets[segment.start]!,
          `malformed placeholder ${quote(segment.source)}`,
          'Write {{ NAME }}, {{ NAME:-default }} or {{ env.NAME }}; for a literal {{ write \\\\{{ in the JSON file'
        )
      else if (segment.kind === 'placeholder') placeholders.push({ node, segment })
    }
  }

  // First pass: which names are known, and which loaders are needed.
  const loaders = new Map<string, () => Promise<string>>()
  let defined: string[] | undefined
  for (const { node, segment } of placeholders) {
    const source = sourceOf(segment, options)
    if (source === 'unknown' && segment.default === undefined && options.unknownAs === undefined)
      report(
        node.offsets[segment.start]!,
        ...unknownName(segment, (defined ??= definedNames(options)))
      )
    if (source === 'loader')
      loaders.set(
        segment.name,
        options.builtins[segment.name as BuiltinName] as () => Promise<string>
      )
  }
  if (problems.length > 0) return { ok: false, problems }

  const loaded = new Map<string, string>()
  await Promise.all([...loaders].map(async ([name, load]) => loaded.set(name, await load())))
  const resolve = (segment: Placeholder): Resolved => {
    const found = lookUp(segment, options, loaded)
    if ((found === undefined || found === '') && segment.default !== undefined)
      return { value: segment.default, fromEnv: false, defaulted: true }
    if (found === undefined && options.unknownAs !== undefined)
      return { value: options.unknownAs, fromEnv: false, defaulted: false, unknown: true }
    return { value: found ?? '', fromEnv: segment.fromEnv, defaulted: false }
  }

  const used = new Set<string>()
  const fromEnv = new Set<string>()
  const defaulted = new Set<string>()
  const unknownTyped = new Set<string>()
  const build = (display: boolean) =>
    buildValue(root, [], [], {
      render: (node, typed, path) => {
        const segments = splitPlaceholders(node.value)
        const whole = segments.length === 1 && segments[0]!.kind === 'placeholder'
        let result = ''
        for (const segment of segments) {
          if (segment.kind !== 'placeholder') {
            result += segment.kind === 'text' ? segment.text : ''
            continue
          }
          const resolved = resolve(segment)
          used.add(segment.name)
          if (resolved.fromEnv) fromEnv.add(segment.name.slice('env.'.length))
          if (resolved.defaulted) defaulted.add(segment.name)
          if (display && resolved.fromEnv) {
            result += `{{ ${segment.name} }}`
            continue
          }
          // The marker stays text: the field is listed so the caller knows it is unchecked.
          if (whole && typed && resolved.unknown) unknownTyped.add(path)
          else if (whole && typed) return typedValue(resolved, typed, segment, path, node, report)
          result += resolved.value
        }
        return result
      },
      duplicateKey: (key, node) =>
        report(
          node.offsets[0]! - 1,
          `key ${quote(key)} appears twice in the same object`,
          'Keep one of them (a key written with a placeholder counts as the key it renders to).'
        )
    })

  const value = build(false)
  if (problems.length > 0) return { ok: false, problems }
  const displayValue = build(true)
  return {
    ok: true,
    value,
    text: `${JSON.stringify(value, null, 2)}\n`,
    displayText: `${JSON.stringify(displayValue, null, 2)}\n`,
    used: [...used],
    fromEnv: [...fromEnv],
    defaulted: [...defaulted],
    unknownTyped: [...unknownTyped]
  }
}

type Source = 'value' | 'builtin' | 'loader' | 'env' | 'unknown'

function sourceOf(segment: Placeholder, options: RenderOptions): Source {
  if (segment.fromEnv) {
    const name = segment.name.slice('env.'.length)
    return Object.hasOwn(options.env, name) && options.env[name] !== undefined ? 'env' : 'unknown'
  }
  if (Object.hasOwn(options.values, segment.name)) return 'value'
  if (!Object.hasOwn(options.builtins, segment.name)) return 'unknown'
  const builtin = options.builtins[segment.name as BuiltinName]
  if (builtin === undefined) return 'unknown'
  return typeof builtin === 'function' ? 'loader' : 'builtin'
}

function lookUp(
  segment: Placeholder,
  options: RenderOptions,
  loaded: ReadonlyMap<string, string>
): string | undefined {
  switch (sourceOf(segment, options)) {
    case 'env':
      return options.env[segment.name.slice('env.'.length)]
    case 'value':
      return options.values[segment.name]
    case 'builtin':
      return options.builtins[segment.name as BuiltinName] as string
    case 'loader':
      return loaded.get(segment.name)
    case 'unknown':
      return undefined
  }
}

function unknownName(segment: Placeholder, defined: readonly string[]): [string, string] {
  if (segment.fromEnv) {
    const name = segment.name.slice('env.'.length)
    return [
      `runner variable ${name} of ${segment.source} is not set`,
      `Set ${name} in the job's environment, or give a default: {{ ${segment.name}:-value }}`
    ]
  }
  return [
    `unknown placeholder ${segment.source}`,
    `Defined names: ${defined.length > 0 ? defined.join(', ') : 'none'}. Add ${segment.name} to the environment's values:, give a default ({{ ${segment.name}:-value }}), or read a runner variable as {{ env.${segment.name} }}`
  ]
}

function definedNames(options: RenderOptions): string[] {
  const builtins = Object.entries(options.builtins)
    .filter(([, value]) => value !== undefined)
    .map(([name]) => name)
  return [...new Set([...Object.keys(options.values), ...builtins])].sort()
}

function typedValue(
  resolved: Resolved,
  type: FieldType,
  segment: Placeholder,
  path: string,
  node: JsonStringNode,
  report: (offset: number, problem: string, fix: string) => void
): number | boolean | string {
  if (type === 'number' && NUMERIC.test(resolved.value)) return Number(resolved.value)
  if (type === 'boolean' && (resolved.value === 'true' || resolved.value === 'false'))
    return resolved.value === 'true'
  const shown = resolved.fromEnv
    ? 'a value (not shown, it comes from the runner)'
    : quote(resolved.value)
  report(
    node.offsets[segment.start]!,
    `${path} takes a ${type}, but ${segment.source} renders ${shown}`,
    type === 'number' ? 'Give digits only, such as 256.' : 'Give true or false.'
  )
  return resolved.value
}

const NUMERIC = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/

interface Builder {
  /** A rendered string; `typed` is set when the string sits at a number or boolean field. */
  render(node: JsonStringNode, typed: FieldType | undefined, path: string): unknown
  duplicateKey(key: string, node: JsonStringNode): void
}

function buildValue(
  node: JsonNode,
  typePath: string[],
  shownPath: string[],
  builder: Builder
): unknown {
  switch (node.kind) {
    case 'scalar':
      return node.value
    case 'string':
      return builder.render(node, fieldTypeAt(typePath), shownPath.join('') || '(root)')
    case 'array':
      return node.items.map((item, index) =>
        buildValue(item, [...typePath, '[]'], [...shownPath, `[${index}]`], builder)
      )
    case 'object': {
      // Own properties only: a key `__proto__` must stay a key, as JSON.parse keeps it.
      const result: Record<string, unknown> = {}
      for (const { key, value } of node.entries) {
        const name = String(builder.render(key, undefined, shownPath.join('') || '(root)'))
        if (Object.hasOwn(result, name)) builder.duplicateKey(name, key)
        const child = buildValue(
          value,
          [...typePath, name],
          [...shownPath, shownPath.length > 0 ? `.${name}` : name],
          builder
        )
        Object.defineProperty(result, name, {
          value: child,
          enumerable: true,
          writable: true,
          configurable: true
        })
      }
      return result
    }
  }
}

function collectStrings(node: JsonNode, found: { node: JsonStringNode }[] = []) {
  if (node.kind === 'string') found.push({ node })
  else if (node.kind === 'array') for (const item of node.items) collectStrings(item, found)
  else if (node.kind === 'object')
    for (const entry of node.entries) {
      found.push({ node: entry.key })
      collectStrings(entry.value, found)
    }
  return found
}

function makeProblem(
  file: string,
  { line, column }: { line: number; column: number },
  problem: string,
  fix: string
): TemplateProblem {
  return {
    file,
    line,
    column,
    problem,
    fix,
    message: escapeForLog(`${file}:${line}:${column}: ${problem}. ${sentence(fix)}`)
  }
}

function sentence(text: string): string {
  return /[.!?]$/.test(text) ? text : `${text}.`
}

/** How many problems an InputError lists; the rest are counted. */
export const LISTED_PROBLEMS = 50

/**
 * The problems of one file as the InputError the action reports before it registers
 * anything: one line each, with its line, column and fix; past LISTED_PROBLEMS, a count.
 */
export function templateInputError(file: string, problems: readonly TemplateProblem[]): InputError {
  const lines = problems
    .slice(0, LISTED_PROBLEMS)
    .map(
      p =>
        `\n  ${escapeForLog(`line ${p.line}, column ${p.column}: ${p.problem} (${p.fix.replace(/\.$/, '')})`)}`
    )
  if (problems.length > LISTED_PROBLEMS)
    lines.push(`\n  … and ${problems.length - LISTED_PROBLEMS} more`)
  // The InputError adds the final full stop.
  return new InputError(
    escapeForLog(`definition template ${file}`),
    `has ${problems.length === 1 ? 'a problem' : `${problems.length} problems`}:${lines.join('')}`,
    'Fix the placeholders listed above, then run again'
  )
}

function quote(text: string): string {
  return JSON.stringify(text)
}
