/**
 * Says each kind of thing once: a transient error tolerated while polling is worth a line the
 * first time, not at every poll. `key` names the kind (an AWS operation and error code).
 */
export function reportOnce<E>(
  key: (event: E) => string,
  say: (event: E) => void
): (event: E) => void {
  const said = new Set<string>()
  return event => {
    const kind = key(event)
    if (said.has(kind)) return
    said.add(kind)
    say(event)
  }
}
