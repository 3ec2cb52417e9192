/**
 * Ends the process once its output is written, rather than when the event
 * loop has drained: a process that ends on its own drops its signal handlers
 * first, and a Ctrl-C or SIGTERM in those last milliseconds would kill it by
 * the signal (the shell sees 130/143) after a commit that was recorded.
 * process.exit keeps the handlers to the end; the exit code is the command's.
 */
async function exitWhenWritten() {
  await Promise.all([process.stdout, process.stderr].map((stream) => new Promise((resolve) => stream.write('', resolve))))
  process.exit()
}

module.exports = {exitWhenWritten}
