import { InputError } from '../util/errors.js'
import { quoted } from './inputs.js'

// ECS's rules for tags (TagResource): keys up to 128 characters, values up to 256, the `aws:`
// prefix reserved, at most 50 tags per resource.
const MAX_KEY = 128
const MAX_VALUE = 256
export const MAX_TAGS = 50
const CHARACTERS = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u

/** Refuses a tag ECS would refuse, naming where it was given (`input resource-tags`, a config path). */
export function assertResourceTags(tags: Record<string, string>, where: string): void {
  const problems: string[] = []
  for (const [key, value] of Object.entries(tags)) {
    if (key === '' || key.length > MAX_KEY)
      problems.push(`key ${quoted(key)} is not 1-${MAX_KEY} characters`)
    else if (/^aws:/i.test(key))
      problems.push(`key ${quoted(key)} starts with the reserved prefix aws:`)
    else if (!CHARACTERS.test(key)) problems.push(`key ${quoted(key)} has characters ECS refuses`)
    if (value.length > MAX_VALUE)
      problems.push(`value of ${quoted(key)} is longer than ${MAX_VALUE} characters`)
    else if (!CHARACTERS.test(value))
      problems.push(`value of ${quoted(key)} has characters ECS refuses`)
  }
  if (Object.keys(tags).length > MAX_TAGS)
    problems.push(
      `${Object.keys(tags).length} tags is more than the ${MAX_TAGS} ECS allows per resource`
    )
  if (problems.length > 0)
    throw new InputError(
      where,
      problems.join('; '),
      'Use keys of letters, digits, spaces and _ . : / = + - @ (not starting with aws:), values up to 256 characters.'
    )
}
