// Checks a release tag before the release workflow moves the major tag, and prints the tag's
// CHANGELOG.md section (the GitHub release's notes). Pure functions, exported for the tests.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'

const SEMVER_TAG = /^v(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$/

/** `v1.2.3` → `v1`, the tag users follow with `uses: owner/ecs-flow@v1`. */
export function majorTag(tag) {
  const match = SEMVER_TAG.exec(tag)
  if (!match) throw new Error(`"${tag}" is not a release tag vMAJOR.MINOR.PATCH`)
  return `v${match[1]}`
}

/** The text under `## [1.2.3]` up to the next `## ` heading, trimmed; undefined when absent. */
export function releaseNotes(changelog, version) {
  const lines = changelog.split('\n')
  const heading = new RegExp(
    `^## \\[${version.replace(/\./g, '\\.')}\\](?: - \\d{4}-\\d{2}-\\d{2})?\\s*$`
  )
  const start = lines.findIndex(line => heading.test(line))
  if (start === -1) return undefined
  const end = lines.findIndex((line, index) => index > start && line.startsWith('## '))
  return lines
    .slice(start + 1, end === -1 ? undefined : end)
    .join('\n')
    .trim()
}

/** Every reason the tag cannot be released, each naming the file to fix; empty when it can. */
export function releaseProblems({ tag, packageVersion, changelog }) {
  if (!SEMVER_TAG.test(tag)) {
    return [`tag "${tag}" is not vMAJOR.MINOR.PATCH: tag the release as v1.2.3`]
  }
  const version = tag.slice(1)
  const problems = []
  if (packageVersion !== version) {
    problems.push(
      `package.json: version is ${packageVersion}, the tag is ${tag}: set "version": "${version}" and tag that commit`
    )
  }
  const notes = releaseNotes(changelog, version)
  if (notes === undefined) {
    problems.push(
      `CHANGELOG.md: no "## [${version}] - YYYY-MM-DD" section: move the Unreleased entries under it`
    )
  } else if (notes === '') {
    problems.push(`CHANGELOG.md: the section [${version}] is empty: say what changed`)
  }
  return problems
}

function main([tag = '']) {
  const root = process.cwd()
  const packageVersion = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version
  const changelog = readFileSync(join(root, 'CHANGELOG.md'), 'utf8')
  const problems = releaseProblems({ tag, packageVersion, changelog })
  if (problems.length > 0) {
    for (const problem of problems) process.stderr.write(`::error::${problem}\n`)
    process.exit(1)
  }
  process.stdout.write(`${releaseNotes(changelog, tag.slice(1))}\n`)
}

if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  main(process.argv.slice(2))
}
