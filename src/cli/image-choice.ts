import type { EcrImageDetail } from '../aws/ecr-api.js'
import { highestVersionTag } from '../versions/index.js'
import { InputError } from '../util/errors.js'
import type { ImageSelector } from './program.js'

export interface ChosenImage {
  /** What docker pulls and runs. */
  reference: string
  /** Why this one, for the log. */
  why: string
}

/**
 * Pure: the image of `repositoryUri` a selector names, from the repository's listing.
 * - sha: the image tagged with the commit (a unique prefix of 7 or more characters is enough);
 * - latest: the image pushed last that has a tag (untagged ones are build leftovers);
 * - highest-version: the highest semantic-version tag, release suffixes dropped (v1.4.0-prod is
 *   1.4.0); tags of the same version tie and the image pushed last wins.
 * No such image is an InputError that says what the repository holds.
 */
export function chooseImage(
  selector: Exclude<ImageSelector, { kind: 'environment' }>,
  images: readonly EcrImageDetail[],
  repositoryUri: string
): ChosenImage {
  const repository = repositoryUri.slice(repositoryUri.indexOf('/') + 1)
  if (selector.kind === 'sha') {
    const wanted = selector.sha.toLowerCase()
    if (!/^[0-9a-f]{7,40}$/.test(wanted))
      throw new InputError(
        '--sha',
        `${JSON.stringify(selector.sha.slice(0, 80))} is not a commit SHA`,
        'Give the commit as 7 to 40 hexadecimal characters.'
      )
    const tags = [...new Set(images.flatMap(image => image.tags))]
    const matches = tags.filter(
      tag => tag === wanted || (/^[0-9a-f]{40}$/.test(tag) && tag.startsWith(wanted))
    )
    if (matches.length === 0)
      throw new InputError(
        '--sha',
        `ECR repository ${repository} has no image tagged with commit ${wanted}`,
        'Give a commit that a publish or deploy run built (ecs-flow status shows the ones running), or push that commit first.'
      )
    if (matches.length > 1)
      throw new InputError(
        '--sha',
        `${wanted} names ${matches.length} commits in ECR repository ${repository} (${matches.slice(0, 3).join(', ')})`,
        'Give more characters of the commit.'
      )
    return { reference: `${repositoryUri}:${matches[0]}`, why: `the image of commit ${matches[0]}` }
  }
  const tagged = [...images]
    .filter(image => image.tags.length > 0)
    .sort((a, b) => (b.pushedAt ?? 0) - (a.pushedAt ?? 0))
  if (selector.kind === 'latest') {
    const newest = tagged[0]
    if (!newest)
      throw new InputError(
        '--latest',
        `ECR repository ${repository} holds no tagged image`,
        'Push an image first (the publish or deploy flow).'
      )
    const when = newest.pushedAt ? `, pushed ${new Date(newest.pushedAt).toISOString()}` : ''
    return {
      reference: `${repositoryUri}@${newest.digest}`,
      why: `the image pushed last (tags ${newest.tags.join(', ')}${when})`
    }
  }
  // Newest image first, so a version tag on several images resolves to the last pushed.
  const tag = highestVersionTag(tagged.flatMap(image => image.tags))
  if (!tag)
    throw new InputError(
      '--highest-version',
      `ECR repository ${repository} has no semantic-version tag (such as v1.4.0 or v1.4.0-prod)`,
      'Promote a release with a version tag first, or choose the image with --sha or --latest.'
    )
  return { reference: `${repositoryUri}:${tag}`, why: `the highest version tag, ${tag}` }
}
