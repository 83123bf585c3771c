// @ts-check
/** GitHub event payloads for the demo's acts, written next to its config file. */
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { EVENTS } from '../scripts/run-action.js'

/**
 * @param {string} dir
 * @param {string} sha
 */
export function payloads(dir, sha) {
  /**
   * @param {string} fixture
   * @param {string} name
   * @param {(payload: any) => void} edit
   */
  const write = (fixture, name, edit) => {
    const payload = JSON.parse(readFileSync(join(EVENTS, fixture), 'utf8'))
    edit(payload)
    const file = join(dir, name)
    writeFileSync(file, JSON.stringify(payload))
    return file
  }
  return {
    pullRequest: write('pull-request-opened.json', 'pull-request.json', p => {
      p.pull_request.head.sha = sha
    }),
    pushMain: write('push-default-branch.json', 'push-main.json', p => {
      p.after = sha
    }),
    pushMainBroken: write('push-default-branch.json', 'push-main-broken.json', p => {
      p.after = 'deadbeef'.repeat(5)
    }),
    tagStaging: write('push-tag-staging.json', 'tag-staging.json', p => {
      p.after = sha
    }),
    tagProd: write('push-tag-prod.json', 'tag-prod.json', p => {
      p.after = sha
    })
  }
}
