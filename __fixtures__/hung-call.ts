import { POLL_DEADLINE_MS, READ_DEADLINE_MS } from '../src/aws/aws-call.js'
import type { AwsCallError } from '../src/aws/call-error.js'
import type { Clock } from '../src/util/clock.js'
import type { WaitRead } from '../src/util/wait-deadline.js'

/**
 * A call to an endpoint that accepts and never answers, ended as the adapters end it
 * (aws-call.ts): after its whole budget on the clock — what is left of the caller's wait when it
 * passed one, else its own deadline (a poll's or a read's) — a transient DeadlineExceeded.
 * The budgets each call got are kept, for tests to check.
 */
export class HungCalls {
  readonly budgets: { operation: string; at: number; ms: number }[] = []
  private readonly hung = new Map<string, () => boolean>()

  constructor(
    private readonly clock: Clock,
    private readonly service: string,
    private readonly errorClass: new (
      message: string,
      operation: string,
      code: string,
      transient: boolean
    ) => AwsCallError
  ) {}

  /** Every later call of `operation` hangs (once `from` holds: after a write, say). */
  hang(operation: string, from: () => boolean = () => true): void {
    this.hung.set(operation, from)
  }

  /** Ends the call as a hung one would, when its operation hangs; else returns at once. */
  async enter(operation: string, options: WaitRead = {}): Promise<void> {
    if (!this.hung.get(operation)?.()) return
    const own = options.polling ? POLL_DEADLINE_MS : READ_DEADLINE_MS
    const ms = Math.max(0, Math.min(own, options.withinMs ?? own))
    this.budgets.push({ operation, at: this.clock.now(), ms })
    await this.clock.sleep(ms)
    throw new this.errorClass(
      `${this.service} ${operation} did not answer within ${ms / 1000}s`,
      operation,
      'DeadlineExceeded',
      true
    )
  }
}
