import { isRecord } from '../util/json.js'

// A definition rendered from a template has a display copy in which every value read from the
// runner environment is `{{ env.NAME }}`. The live revision has no such copy: it holds the
// values literally, and a rotated value cannot be recognised by what it is. So a field the
// template fills from `env.*` is shown by name on the live side too, at the same places.

const RUNNER_VARIABLE = /\{\{ env\.([A-Za-z_][A-Za-z0-9_]*) \}\}/g

/** The runner variables a displayed value names, as `{{ env.NAME }}`, each once. */
export function runnerVariablesIn(shown: string): string[] {
  return [...new Set([...shown.matchAll(RUNNER_VARIABLE)].map(match => match[0]))]
}

/**
 * The live value of a field as the diff may show it: wherever the new definition's value
 * (`rendered`) came from the runner (its display copy `shown` differs there), the live value
 * is replaced by the display copy's. Everything else of the live value must equal the new
 * one: a template that moved or reordered what it fills leaves the earlier runner value where
 * no name lines up with it. `undefined` when anything but runner values differs (another
 * list length, a key of its own, an object for a string, another word): no part of the live
 * value is then shown.
 */
export function liveShownByName(live: unknown, rendered: unknown, shown: unknown): unknown {
  if (!fromRunner(rendered, shown)) return sameValue(live, rendered) ? live : undefined
  if (typeof shown === 'string' && shown !== rendered)
    return isRecord(live) || Array.isArray(live) ? undefined : shown
  if (Array.isArray(rendered) && Array.isArray(shown)) {
    if (!Array.isArray(live) || live.length !== rendered.length) return undefined
    const items = live.map((item, index) => liveShownByName(item, rendered[index], shown[index]))
    return items.includes(undefined) ? undefined : items
  }
  if (isRecord(rendered) && isRecord(shown)) {
    // A key rendered from the runner has no counterpart to line up with.
    if (!sameKeys(rendered, shown) || !isRecord(live) || !sameKeys(live, rendered)) return undefined
    const result: Record<string, unknown> = {}
    for (const key of Object.keys(live)) {
      const inner = liveShownByName(live[key], rendered[key], shown[key])
      if (inner === undefined) return undefined
      result[key] = inner
    }
    return result
  }
  return undefined
}

/** Whether the display copy differs from the rendered value anywhere inside it. */
export function fromRunner(rendered: unknown, shown: unknown): boolean {
  return JSON.stringify(rendered) !== JSON.stringify(shown)
}

function sameKeys(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  const keys = Object.keys(a)
  return keys.length === Object.keys(b).length && keys.every(key => Object.hasOwn(b, key))
}

/** Deep equality of JSON values, key order ignored. */
function sameValue(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) || Array.isArray(b))
    return (
      Array.isArray(a) &&
      Array.isArray(b) &&
      a.length === b.length &&
      a.every((item, index) => sameValue(item, b[index]))
    )
  if (isRecord(a) || isRecord(b))
    return (
      isRecord(a) &&
      isRecord(b) &&
      sameKeys(a, b) &&
      Object.keys(a).every(key => sameValue(a[key], b[key]))
    )
  return a === b
}
