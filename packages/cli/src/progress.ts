const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏']
const TICK_MS = 100

/**
 * What a long command is doing, on stderr only (stdout carries results).
 * On a terminal: the current step with a spinner and its running time, each
 * finished step kept as one line with its duration. Otherwise (a pipe, a CI
 * log, --json): one plain line per step, no control characters.
 */
export class Progress {
  private current?: {message: string; started: number}
  private timer?: NodeJS.Timeout
  private frame = 0

  constructor(
    private readonly stream: NodeJS.WriteStream,
    private readonly interactive: boolean,
    private readonly color: boolean,
  ) {}

  /** Starts a step, finishing the one before. */
  step(message: string): void {
    this.finish()
    if (!this.interactive) {
      this.stream.write(`${message}\n`)
      return
    }

    this.current = {message, started: Date.now()}
    this.timer = setInterval(() => this.draw(), TICK_MS)
    // A spinner must never keep the process alive.
    this.timer.unref()
    this.draw()
  }

  /** Prints a line (a warning, a question) without breaking the spinner. */
  line(text: string): void {
    this.clear()
    this.stream.write(`${text}\n`)
    this.draw()
  }

  /** Finishes the current step; before a question, the result, or an error. */
  finish(): void {
    if (!this.current) return
    clearInterval(this.timer)
    this.clear()
    const mark = this.color ? '\u001B[32m✓\u001B[39m' : '✓'
    this.stream.write(`${mark} ${this.current.message} ${this.elapsed()}\n`)
    this.current = undefined
  }

  private draw(): void {
    if (!this.current) return
    this.frame = (this.frame + 1) % FRAMES.length
    const spinner = this.color ? `\u001B[36m${FRAMES[this.frame]}\u001B[39m` : FRAMES[this.frame]
    this.stream.write(`\r\u001B[2K${spinner} ${this.current.message} ${this.elapsed()}`)
  }

  private clear(): void {
    if (this.current) this.stream.write('\r\u001B[2K')
  }

  private elapsed(): string {
    return `(${((Date.now() - (this.current?.started ?? Date.now())) / 1000).toFixed(1)}s)`
  }
}
