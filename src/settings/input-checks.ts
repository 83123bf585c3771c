import { isImageTag } from '../docker/tags.js'
import { InputError } from '../util/errors.js'
import { assertOutputName } from '../util/output-name.js'
import { redactedUrl } from '../util/url.js'
import { codeDeployNameInput } from './codedeploy-names.js'
import { quoted } from './inputs.js'
import { assertResourceTags } from './resource-tags.js'

// The checks of single inputs beyond their type: each throws an InputError that names the
// input, what is wrong and what to do. The settings table names which input has which.

// registry/name[:tag][@sha256:digest], the grammar docker accepts, lower-case path.
const IMAGE_REFERENCE =
  /^(?:[a-zA-Z0-9.-]+(?::\d+)?\/)?[a-z0-9]+(?:[._-]+[a-z0-9]+)*(?:\/[a-z0-9]+(?:[._-]+[a-z0-9]+)*)*(?::[\w][\w.-]{0,127})?(?:@sha256:[a-f0-9]{64})?$/

export function assertImageReference(image: string): void {
  if (!IMAGE_REFERENCE.test(image)) {
    throw new InputError(
      'input image',
      `${quoted(image)} is not an image reference`,
      'Give REGISTRY/REPOSITORY:TAG or REGISTRY/REPOSITORY@sha256:DIGEST, e.g. 123456789012.dkr.ecr.us-east-1.amazonaws.com/web:1f2e3d.'
    )
  }
}

export function assertEnvironmentInput(value: string): void {
  assertOutputName(value, 'input environment')
}

/** Checked here, up front: a bad tag must fail before anything is built or created. */
export function assertImageTags(tags: string[]): void {
  for (const tag of tags) {
    if (!isImageTag(tag)) {
      throw new InputError(
        'input tags',
        `${quoted(tag)} is not an image tag`,
        'Use up to 128 letters, digits, "_", "." or "-", not starting with "." or "-".'
      )
    }
  }
}

export function assertVerifyUrl(value: string): void {
  let url: URL | undefined
  try {
    url = new URL(value)
  } catch {
    url = undefined
  }
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    throw new InputError(
      'input verify-url',
      // Never echo the credentials a URL may carry, even one that does not parse.
      `${quoted(redactedUrl(value))} is not an http(s) URL`,
      'Give a full URL such as https://app.example.com/health.'
    )
  }
}

export function assertVerifyPath(value: string): void {
  if (!value.startsWith('/')) {
    throw new InputError(
      'input verify-path',
      `${quoted(value)} does not start with /`,
      'Give a path such as /health.'
    )
  }
}

export function assertKeepRevisions(count: number | undefined): void {
  if (count === 0)
    throw new InputError(
      'input keep-revisions',
      '"0" would deregister the newest revision, which another run may have just registered',
      'Give 1 or more, or leave it empty to keep every revision.'
    )
}

export function assertResourceTagsInput(tags: Record<string, string>): void {
  assertResourceTags(tags, 'input resource-tags')
}

export const assertCodeDeployApplication = (value: string): void =>
  void codeDeployNameInput('codedeploy-application', value)
export const assertCodeDeployDeploymentGroup = (value: string): void =>
  void codeDeployNameInput('codedeploy-deployment-group', value)
