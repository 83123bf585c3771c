import { isRecord } from '../util/json.js'

/**
 * The definition a task-definition file holds: the plain RegisterTaskDefinition input, or the
 * `{"taskDefinition": {...}, "tags": [...]}` that `describe-task-definition --include TAGS`
 * prints, with its tags kept (RegisterTaskDefinition takes them beside the definition). Call
 * after validateTaskDefinitionDocument found no problems. Returns a copy.
 */
export function unwrapTaskDefinitionDocument(
  document: Record<string, unknown>
): Record<string, unknown> {
  if (!isRecord(document.taskDefinition)) return structuredClone(document)
  const definition = structuredClone(document.taskDefinition)
  const outer = Array.isArray(document.tags) ? document.tags : []
  const inner = Array.isArray(definition.tags) ? definition.tags : []
  // A tag given in both places: the definition's own value wins.
  const innerKeys = new Set(inner.map(tag => (isRecord(tag) ? tag.key : undefined)))
  const tags = [...inner, ...outer.filter(tag => !(isRecord(tag) && innerKeys.has(tag.key)))]
  if (tags.length > 0) definition.tags = structuredClone(tags)
  return definition
}

/** The service a service-definition file holds: CreateService's input, or `{"service": {...}}`. Returns a copy. */
export function unwrapServiceDefinitionDocument(
  document: Record<string, unknown>
): Record<string, unknown> {
  return structuredClone(isRecord(document.service) ? document.service : document)
}
