// @ts-check
/** The event every benchmark releases on: a push to the default branch (deploy to dev). */
export const PUSH_TO_MAIN = {
  eventName: 'push',
  event: 'push-default-branch.json',
  ref: 'refs/heads/main'
}
