/**
 * BB-code as Bitrix24 messages carry it ([B] [I] [U] [S] [URL] [BR] [QUOTE]
 * [CODE] [LIST]/[*] [SEND] [PUT] [USER] [CHAT], ">>" quote lines), parsed
 * into a small tree that the renderer turns into elements. Nothing is ever
 * inserted as HTML.
 */

export interface Tag {
  tag: string
  arg: string
  children: BbNode[]
}
export type BbNode = string | Tag

const TAG = /\[(\/?)(b|i|u|s|url|br|quote|code|list|\*|send|put|user|chat|color|size|icon)(?:=([^\]]*))?\]/gi
const VOID = new Set(['br', '*', 'icon'])

export function parseBb(text: string): BbNode[] {
  const root: Tag = { tag: 'root', arg: '', children: [] }
  const stack: Tag[] = [root]
  let at = 0
  const top = () => stack[stack.length - 1]
  const pushText = (s: string) => {
    if (s) top().children.push(s)
  }
  for (const m of text.matchAll(TAG)) {
    const start = m.index ?? 0
    const [raw, slash, name] = m
    const tag = name.toLowerCase()
    // Inside [CODE] everything is literal until its end.
    if (top().tag === 'code' && !(slash && tag === 'code')) continue
    pushText(text.slice(at, start))
    at = start + raw.length
    if (!slash) {
      const node: Tag = { tag, arg: m[3] ?? '', children: [] }
      top().children.push(node)
      if (!VOID.has(tag)) stack.push(node)
      continue
    }
    const open = stack.map((s) => s.tag).lastIndexOf(tag)
    if (open > 0) stack.length = open
    else pushText(raw)
  }
  pushText(text.slice(at))
  return quoteLines(root.children)
}

/** Lines starting with ">>" (Bitrix24's quoting in plain text) become quotes. */
function quoteLines(nodes: BbNode[]): BbNode[] {
  return nodes.flatMap((n) => {
    if (typeof n !== 'string' || !n.includes('>>')) return [n]
    const out: BbNode[] = []
    let quote: string[] = []
    const flush = () => {
      if (quote.length) out.push({ tag: 'quote', arg: '', children: [quote.join('\n')] })
      quote = []
    }
    n.split('\n').forEach((line, i, all) => {
      if (line.startsWith('>>')) return void quote.push(line.slice(2).trimStart())
      flush()
      out.push(i < all.length - 1 ? `${line}\n` : line)
    })
    flush()
    return out
  })
}

/** A link target that is safe to open: web, mail and phone addresses only. */
export function safeUrl(raw: string): string | null {
  const url = raw.trim()
  if (/^(https?:\/\/|mailto:|tel:)/i.test(url)) return url
  if (/^www\./i.test(url)) return `https://${url}`
  return null
}

/** The text without its codes, for previews. */
export function plainText(text: string): string {
  const walk = (nodes: BbNode[]): string =>
    nodes.map((n) => (typeof n === 'string' ? n : n.tag === 'br' ? ' ' : n.tag === '*' ? ' • ' : n.tag === 'quote' ? '' : walk(n.children))).join('')
  return walk(parseBb(text)).replace(/\s+/g, ' ').trim()
}
