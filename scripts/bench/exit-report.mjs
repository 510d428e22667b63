// Preloaded into a measured process (`node --import exit-report.mjs …`): at exit it writes the process's
// own peak resident set size (KiB, every thread) and CPU time (ms) as JSON to file descriptor 3, which
// the bench opens as a pipe. Nothing is written when fd 3 is not open. Preloaded modules also run in
// worker threads, whose 'exit' fires when the thread ends: only the main thread reports.
import { writeSync } from 'node:fs'
import { isMainThread } from 'node:worker_threads'

process.on('exit', () => {
  if (!isMainThread) return
  try {
    const cpu = process.cpuUsage()
    const line = JSON.stringify({
      rssKiB: process.resourceUsage().maxRSS,
      cpuMs: (cpu.user + cpu.system) / 1000
    })
    writeSync(3, `${line}\n`)
  } catch {
    // fd 3 is not ours to write: nothing to report.
  }
})
