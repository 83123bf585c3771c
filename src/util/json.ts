import { InputError } from './errors.js'

/** A plain JSON object: not null, not an array. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
}

/**
 * A user's JSON file that holds one object, bare or wrapped as the AWS CLI prints it
 * (`{"taskDefinition": {...}}`, `{"service": {...}}`). Bad JSON and anything but an object are
 * InputErrors naming the file; `notAnObjectFix` says what the file should hold.
 */
export function parseJsonObjectFile(
  text: string,
  where: string,
  wrapperKey: string,
  notAnObjectFix: string
): Record<string, unknown> {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (error) {
    throw new InputError(
      where,
      `is not valid JSON (${(error as Error).message})`,
      'Fix the JSON syntax.'
    )
  }
  return unwrapJsonObject(value, where, wrapperKey, notAnObjectFix)
}

/** The object under `wrapperKey` when the value is such a wrapper, else the value itself, which must be an object. */
export function unwrapJsonObject(
  value: unknown,
  where: string,
  wrapperKey: string,
  notAnObjectFix: string
): Record<string, unknown> {
  const unwrapped = isRecord(value) && isRecord(value[wrapperKey]) ? value[wrapperKey] : value
  if (!isRecord(unwrapped)) throw new InputError(where, 'is not a JSON object', notAnObjectFix)
  return unwrapped
}
