/** Kept for tests that still import the world from here; it lives in support/world.ts. */
export * from '../support/world.js'
