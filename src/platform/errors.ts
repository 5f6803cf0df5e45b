/**
 * The one error type a method throws on purpose. Its code and description are
 * returned to the caller as `{"error", "error_description"}` with `status`.
 */
export class RestError extends Error {
  constructor(
    readonly code: string,
    readonly description: string,
    readonly status: number = 400,
    /** Further keys some pages show in the error body (user.add's `argument`). */
    readonly extra?: Readonly<Record<string, string>>,
  ) {
    super(`${code}: ${description}`)
    this.name = 'RestError'
  }
}

export function isRestError(e: unknown): e is RestError {
  return e instanceof RestError
}
