import type { FastifyInstance, FastifyRequest } from 'fastify'
import { isRestError } from '../platform/errors.js'
import { depthOf, MAX_DEPTH, type Params } from '../rest/params.js'
import { parseQueryString } from '../rest/query-string.js'
import { systemErrors } from '../rest/system-errors.js'

export { parseQueryString, QS_OPTIONS } from '../rest/query-string.js'

/** Query objects whose string could not be parsed; the REST route answers them with INVALID_REQUEST. */
const unparsableQueries = new WeakSet<object>()

/**
 * The router's query parser. It runs inside the router, where a throw would
 * take the process down, so a query that cannot be parsed becomes a marked
 * empty object instead, and {@link assertQueryParsed} refuses it later.
 */
export function parseQuerySafely(text: string): Params {
  if (text === '') return {}
  try {
    return parseQueryString(text)
  } catch {
    const marked: Params = {}
    unparsableQueries.add(marked)
    return marked
  }
}

export function assertQueryParsed(query: unknown): void {
  if (query !== null && typeof query === 'object' && unparsableQueries.has(query)) {
    throw systemErrors.invalidRequest(`Query parameters nested deeper than ${MAX_DEPTH} levels`)
  }
}

/** `__proto__` keys would become prototypes when copied; they are dropped (never a parameter name). */
function dropProtoKeys(key: string, value: unknown): unknown {
  return key === '__proto__' ? undefined : value
}

function checkedJson(text: string): Params {
  if (text.trim() === '') return {}
  let value: unknown
  try {
    // The reviver costs a second walk; only bodies that mention the key pay it.
    value = text.includes('__proto__') ? JSON.parse(text, dropProtoKeys) : JSON.parse(text)
  } catch (e) {
    throw systemErrors.invalidRequest(`Malformed JSON body: ${(e as Error).message}`)
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw systemErrors.invalidRequest('The JSON body must be an object of parameters')
  }
  if (depthOf(value) > MAX_DEPTH) throw systemErrors.invalidRequest(`Parameters nested deeper than ${MAX_DEPTH} levels`)
  return value as Params
}

function parseWith(parse: (text: string) => Params) {
  return (_req: FastifyRequest, body: string | Buffer, done: (err: Error | null, body?: Params) => void) => {
    try {
      done(null, parse(body as string))
    } catch (e) {
      done(e as Error, undefined)
    }
  }
}

/**
 * Body parsers for every form a Bitrix client uses. Any other content type is
 * read as JSON when it looks like JSON, else as a form (some clients omit the header).
 */
export function registerBodyParsers(app: FastifyInstance): void {
  app.removeContentTypeParser(['application/json', 'text/plain'])
  app.addContentTypeParser('application/json', { parseAs: 'string' }, parseWith(checkedJson))
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, parseWith(parseQueryString))
  app.addContentTypeParser(
    '*',
    { parseAs: 'string' },
    parseWith((body) => {
      const text = body.trim()
      return text.startsWith('{') ? checkedJson(text) : parseQueryString(text)
    }),
  )
}

/**
 * multipart/form-data: fields keep their bracket names; a file becomes
 * `[fileName, base64]`, the shape Bitrix methods take for files. The whole
 * body (fields and files together) is held to `limitBytes`, like any other body.
 */
export async function readMultipart(req: FastifyRequest, limitBytes: number): Promise<Params> {
  try {
    return await collectParts(req, limitBytes)
  } catch (e) {
    if (isRestError(e)) throw e
    const status = (e as { statusCode?: number }).statusCode
    if (status === 413) throw systemErrors.tooLarge()
    throw systemErrors.invalidRequest(`Malformed multipart body: ${(e as Error).message}`)
  }
}

async function collectParts(req: FastifyRequest, limitBytes: number): Promise<Params> {
  const marker = `\u0000part${Math.random().toString(36).slice(2)}:`
  const pairs: string[] = []
  const embedded: unknown[] = []
  let size = 0
  const embed = (name: string, value: unknown) => {
    embedded.push(value)
    pairs.push(`${encodeURIComponent(name)}=${encodeURIComponent(marker + (embedded.length - 1))}`)
  }
  for await (const part of req.parts()) {
    if (part.type === 'file') {
      const data = await part.toBuffer()
      size += data.length
      embed(part.fieldname, [part.filename, data.toString('base64')])
    } else if (part.valueTruncated) {
      throw systemErrors.tooLarge()
    } else if (typeof part.value === 'string') {
      size += part.value.length
      pairs.push(`${encodeURIComponent(part.fieldname)}=${encodeURIComponent(part.value)}`)
    } else {
      // A part sent as application/json arrives already parsed.
      embed(part.fieldname, part.value)
    }
    if (size > limitBytes) throw systemErrors.tooLarge()
  }
  const parsed = parseQueryString(pairs.join('&'))
  return embedded.length ? (replaceMarkers(parsed, marker, embedded) as Params) : parsed
}

function replaceMarkers(value: unknown, marker: string, embedded: unknown[]): unknown {
  if (typeof value === 'string' && value.startsWith(marker)) return embedded[Number(value.slice(marker.length))]
  if (Array.isArray(value)) return value.map((v) => replaceMarkers(v, marker, embedded))
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, replaceMarkers(v, marker, embedded)]))
  }
  return value
}
