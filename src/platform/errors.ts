/**
 * The one error type a method throws on purpose. Its code and description are
 * returned to the caller as `{"error", "error_description"}` with `status`.
 */
export class RestError extends Error {
  constructor(
    readonly code: string,
    readonly description: string,
    readonly status: number = 400,
  ) {
    super(`${code}: ${description}`)
    this.name = 'RestError'
  }
}

export function isRestError(e: unknown): e is RestError {
  return e instanceof RestError
}
