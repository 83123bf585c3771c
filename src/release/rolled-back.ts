import { ReleaseError } from '../util/errors.js'

/** The release failed and the previous revision is back: still a failed job. */
export class RolledBackError extends ReleaseError {
  constructor(message: string) {
    super(message)
    this.name = 'RolledBackError'
  }
}
