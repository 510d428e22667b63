/**
 * The master plan with its linked content: the model is built, the files its phase labels and index
 * entries link to are read through `read` (each once; links inside them are not followed, so a file that
 * links back can never loop), and the model is built again with them. Pure apart from `read`.
 */
import type { MasterPlanModel } from './model.js'
import { buildModel } from './outline.js'

/** Reads a repository file; undefined when it is missing, unreadable, outside the repository or too large. */
export type ReadLinkedFile = (path: string) => Promise<string | undefined>

export async function readMasterPlan(
  text: string,
  path: string,
  read?: ReadLinkedFile
): Promise<MasterPlanModel> {
  const model = buildModel(text, { path })
  const wanted = linkedFiles(model)
  if (!read || wanted.length === 0) return model
  const files = new Map<string, string | undefined>()
  for (const file of wanted) files.set(file, await read(file).catch(() => undefined))
  return buildModel(text, { path, files })
}

/** Repository files the model's phases link to, each once, in order. */
export function linkedFiles(model: MasterPlanModel): string[] {
  return [...new Set(model.phaseLinks.flatMap(link => (link.path === undefined ? [] : [link.path])))]
}
