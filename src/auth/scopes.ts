/**
 * Scopes a credential may hold. A webhook created "with every scope" gets
 * this whole list; a method's declared scope must be one of these.
 */
export const ALL_SCOPES = [
  'basic',
  'user',
  'user_basic',
  'user_brief',
  'department',
  'imopenlines',
  'imconnector',
  'imbot',
  'im',
  'crm',
  'placement',
] as const

export function parseScopes(input: string): string[] {
  const list = input.split(/[\s,]+/).map((s) => s.trim()).filter(Boolean)
  const unknown = list.filter((s) => !(ALL_SCOPES as readonly string[]).includes(s))
  if (unknown.length) throw new Error(`unknown scope(s): ${unknown.join(', ')}; known: ${ALL_SCOPES.join(', ')}`)
  return [...new Set(list)]
}
