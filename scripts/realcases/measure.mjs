// The figures `npm run realcases` and `npm run cases` report, each read the same way from our plan and
// from a reference plan. The functions live in src/tools/plan-measures.ts (so the tests use the same
// code) and are loaded from build/ (`tsc -p tsconfig.build.json`, which both npm scripts run first).
export {
  clarificationItems,
  importedNames,
  namedPythonFiles,
  needlessClarifications,
  recallPrecision,
  runTogetherTitles,
  stepTitles,
  touchedPythonFiles
} from '../../build/tools/plan-measures.js'
