import { TypeCompiler, type TypeCheck } from '@sinclair/typebox/compiler'
import type { TSchema } from '@sinclair/typebox'
import { scopesOf, type AnyMethod } from './define-method.js'

export interface RegisteredMethod {
  def: AnyMethod
  check: TypeCheck<TSchema>
}

/** Every REST method by lowercase name; refuses a duplicate at start. */
export class MethodRegistry {
  private readonly methods = new Map<string, RegisteredMethod>()

  constructor(defs: readonly AnyMethod[]) {
    for (const def of defs) this.add(def)
  }

  add(def: AnyMethod): void {
    const key = def.name.toLowerCase()
    if (this.methods.has(key)) throw new Error(`REST method declared twice: ${def.name}`)
    this.methods.set(key, { def, check: TypeCompiler.Compile(def.input) })
  }

  get(name: string): RegisteredMethod | undefined {
    return this.methods.get(name.toLowerCase())
  }

  all(): AnyMethod[] {
    return [...this.methods.values()].map((m) => m.def).sort((a, b) => a.name.localeCompare(b.name))
  }

  scopes(): string[] {
    return [...new Set(this.all().flatMap(scopesOf))].sort()
  }
}
