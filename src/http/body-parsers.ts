import type { FastifyInstance, FastifyRequest } from 'fastify'
import qs from 'qs'
import { depthOf, MAX_DEPTH, type Params } from '../rest/params.js'
import { systemErrors } from '../rest/system-errors.js'

/** PHP bracket nesting as Bitrix clients send it (`FIELDS[NAME]=x`, `QUEUE[0][ENTITY_ID]=1`). */
export const QS_OPTIONS: qs.IParseOptions = { depth: MAX_DEPTH, arrayLimit: 1000, parameterLimit: 10_000, allowPrototypes: false }

export function parseQueryString(text: string): Params {
  return qs.parse(text, QS_OPTIONS) as Params
}

function checkedJson(text: string): unknown {
  if (text.trim() === '') return {}
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (e) {
    throw systemErrors.invalidRequest(`Malformed JSON body: ${(e as Error).message}`)
  }
  if (depthOf(value) > MAX_DEPTH) throw systemErrors.invalidRequest(`Parameters nested deeper than ${MAX_DEPTH} levels`)
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw systemErrors.invalidRequest('The JSON body must be an object of parameters')
  }
  return value
}

/**
 * Body parsers for every form a Bitrix client uses. Any other content type is
 * read as JSON when it looks like JSON, else as a form (some clients omit the header).
 */
export function registerBodyParsers(app: FastifyInstance): void {
  app.removeContentTypeParser(['application/json', 'text/plain'])
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, done) => {
    try {
      done(null, checkedJson(body as string))
    } catch (e) {
      done(e as Error, undefined)
    }
  })
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => {
    done(null, parseQueryString(body as string))
  })
  app.addContentTypeParser('*', { parseAs: 'string' }, (_req, body, done) => {
    const text = (body as string).trim()
    try {
      done(null, text.startsWith('{') ? checkedJson(text) : parseQueryString(text))
    } catch (e) {
      done(e as Error, undefined)
    }
  })
}

/**
 * multipart/form-data: fields keep their bracket names; a file becomes
 * `[fileName, base64]`, the shape Bitrix methods take for files.
 */
export async function readMultipart(req: FastifyRequest): Promise<Params> {
  const marker = `\u0000file${Math.random().toString(36).slice(2)}:`
  const pairs: string[] = []
  const files: Array<[string, string]> = []
  for await (const part of req.parts()) {
    if (part.type === 'file') {
      const data = await part.toBuffer()
      files.push([part.filename, data.toString('base64')])
      pairs.push(`${encodeURIComponent(part.fieldname)}=${encodeURIComponent(marker + (files.length - 1))}`)
    } else {
      pairs.push(`${encodeURIComponent(part.fieldname)}=${encodeURIComponent(String(part.value))}`)
    }
  }
  const parsed = parseQueryString(pairs.join('&'))
  return files.length ? (replaceMarkers(parsed, marker, files) as Params) : parsed
}

function replaceMarkers(value: unknown, marker: string, files: Array<[string, string]>): unknown {
  if (typeof value === 'string' && value.startsWith(marker)) return files[Number(value.slice(marker.length))]
  if (Array.isArray(value)) return value.map((v) => replaceMarkers(v, marker, files))
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, replaceMarkers(v, marker, files)]))
  }
  return value
}
