/**
 * Imported first by dist/index.js: evaluating it starts the master plan parser's thread before any other
 * module of the bundle is evaluated, so the thread's start-up runs on another core beside theirs.
 */
import { startParserEarly } from './parser-thread.js'

startParserEarly()
