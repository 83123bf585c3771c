import { parseDurationSeconds } from '../util/duration.js'
import type { Inputs } from './inputs.js'
import { SETTINGS, type InputKind, type InputName, type SettingRow } from './table.js'
import { inputTaskHook, type TaskHook } from './task-hooks.js'

// One action input read as the settings table says: its kind, default, bounds and check. A bad
// value is recorded in `inputs.problems` (all are reported together) and read as its default.

type Row<N extends InputName> = (typeof SETTINGS)[N]

/** The value an input's kind reads to. */
type KindValue<Kind> = Kind extends { kind: 'text' }
  ? string
  : Kind extends { kind: 'boolean' }
    ? boolean
    : Kind extends { kind: 'count' | 'duration' }
      ? number
      : Kind extends { kind: 'choice'; choices: readonly (infer Choice)[] }
        ? Choice
        : Kind extends { kind: 'list' }
          ? string[]
          : Kind extends { kind: 'key-values' }
            ? Record<string, string>
            : Kind extends { kind: 'task-command' }
              ? TaskHook
              : never

/** Lists and maps are empty when unset; another input has a value then only with a default. */
type AlwaysSet<N extends InputName> =
  Row<N> extends { input: { kind: 'list' | 'key-values' } }
    ? true
    : Row<N> extends { default: infer Given }
      ? Given extends ''
        ? false
        : true
      : false

/** What `readInput(inputs, name)` gives: undefined when unset and without a default. */
export type InputValue<N extends InputName> =
  AlwaysSet<N> extends true ? KindValue<Row<N>['input']> : KindValue<Row<N>['input']> | undefined

export function readInput<N extends InputName>(inputs: Inputs, name: N): InputValue<N> {
  const row: SettingRow = SETTINGS[name]
  const kind = row.input!
  // action.yml writes "no default" as '' for most inputs: both mean unset.
  const given = row.default === '' ? undefined : row.default
  return inputs.check(
    () => parse(inputs, name, kind, given),
    fallback(name, kind, given)
  ) as InputValue<N>
}

function parse(inputs: Inputs, name: string, kind: InputKind, given: string | undefined): unknown {
  const unset = inputs.text(name) === undefined
  switch (kind.kind) {
    case 'text': {
      const value = inputs.text(name)
      if (value !== undefined) kind.check?.(value)
      return value ?? given
    }
    case 'boolean':
      return unset && given === undefined ? undefined : inputs.boolean(name, given === 'true')
    case 'count': {
      const count = inputs.count(name, countOf(given), kind.maximum, kind.why)
      kind.check?.(count)
      return count
    }
    case 'duration':
      return unset && given === undefined ? undefined : inputs.duration(name, given ?? '', kind)
    case 'choice':
      return unset && given === undefined
        ? undefined
        : inputs.choice(name, kind.choices, given ?? '')
    case 'list': {
      const items = inputs.list(name)
      kind.check?.(items)
      return items
    }
    case 'key-values': {
      const pairs = inputs.keyValues(name)
      kind.check?.(pairs)
      return pairs
    }
    case 'task-command':
      return inputTaskHook(kind.hook, inputs.text(name))
  }
}

/** The value a bad input is read as, so the rest of the run can still be planned and shown. */
function fallback(name: string, kind: InputKind, given: string | undefined): unknown {
  switch (kind.kind) {
    case 'boolean':
      return given === undefined ? undefined : given === 'true'
    case 'count':
      return countOf(given)
    case 'duration':
      return given === undefined ? undefined : parseDurationSeconds(given, name)
    case 'list':
      return []
    case 'key-values':
      return {}
    default:
      return given
  }
}

function countOf(given: string | undefined): number | undefined {
  return given === undefined ? undefined : Number(given)
}
