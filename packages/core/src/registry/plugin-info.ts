/** What the registry needs of an installed oclif plugin (a subset of oclif's `Plugin`). */
export interface PluginInfo {
  readonly name: string
  readonly version: string
  /** oclif's plugin type: `core` (shipped with the CLI), `user` (installed), `link`, `dev`. */
  readonly type: string
  readonly root: string
  readonly pjson: Readonly<Record<string, unknown>>
}

export type PluginSource = 'shipped' | 'user-installed' | 'linked' | 'dev'

export function pluginSource(type: string): PluginSource {
  if (type === 'user') return 'user-installed'
  if (type === 'link') return 'linked'
  if (type === 'core') return 'shipped'
  return 'dev'
}
