/**
 * The master plan with its linked content: the model is built, the files its phase labels and index
 * entries link to are read through `read` (each once; links inside them are not followed, so a file that
 * links back can never loop), and the model is built again with them. With a phase, the model is the one
 * that phase needs (phase-model.ts: other phases' sections are parsed only when read). Pure apart from
 * `read`.
 */
import type { MasterPlanModel } from './model.js'
import { buildModel, type ModelOptions } from './outline.js'
import { buildPhaseModel } from './phase-model.js'

/** Reads a repository file; undefined when it is missing, unreadable, outside the repository or too large. */
export type ReadLinkedFile = (path: string) => Promise<string | undefined>

export async function readMasterPlan(
  text: string,
  path: string,
  read?: ReadLinkedFile,
  options: { readonly phase?: string } = {}
): Promise<MasterPlanModel> {
  const build = (model: ModelOptions): MasterPlanModel =>
    options.phase === undefined ? buildModel(text, model) : buildPhaseModel(text, options.phase, model)
  const model = build({ path })
  const wanted = linkedFiles(model)
  if (!read || wanted.length === 0) return model
  const files = new Map<string, string | undefined>()
  for (const file of wanted) files.set(file, await read(file).catch(() => undefined))
  return build({ path, files })
}

/** Repository files the model's phases link to, each once, in order. */
export function linkedFiles(model: MasterPlanModel): string[] {
  return [...new Set(model.phaseLinks.flatMap(link => (link.path === undefined ? [] : [link.path])))]
}
