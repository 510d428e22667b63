/**
 * The action's entry point (dist/index.js). The master plan parser's thread starts first (start-early.ts,
 * imported before anything else is evaluated): its start-up runs on another core while this thread
 * evaluates the rest of the action.
 */
import './plan-parser/start-early.js'
import { run } from './main.js'

void run()
