/** Renders parsed BB-code as elements; plain URLs in text become links. */
import type { ComponentChildren } from 'preact'
import { parseBb, safeUrl, type BbNode, type Tag } from './bbcode.js'

const BARE_URL = /(https?:\/\/[^\s<>"\]]+)/g

function textWithLinks(s: string, key: number): ComponentChildren {
  const parts = s.split(BARE_URL)
  if (parts.length === 1) return s
  return parts.map((p, i) => (i % 2 ? <a key={`${key}-${i}`} href={p} target="_blank" rel="noopener noreferrer">{p}</a> : p))
}

function listItems(children: BbNode[]): BbNode[][] {
  const items: BbNode[][] = []
  for (const c of children) {
    if (typeof c !== 'string' && c.tag === '*') items.push([])
    else if (items.length) items[items.length - 1].push(c)
    else if (typeof c !== 'string' || c.trim()) items.push([c])
  }
  return items
}

function renderTag(n: Tag, key: number): ComponentChildren {
  const inner = () => renderNodes(n.children)
  switch (n.tag) {
    case 'b': return <strong key={key}>{inner()}</strong>
    case 'i': return <em key={key}>{inner()}</em>
    case 'u': return <u key={key}>{inner()}</u>
    case 's': return <s key={key}>{inner()}</s>
    case 'br': return <br key={key} />
    case 'code': return <code key={key} class="code">{n.children.map((c) => (typeof c === 'string' ? c : ''))}</code>
    case 'quote': return <blockquote key={key}>{inner()}</blockquote>
    case 'list': return <ul key={key}>{listItems(n.children).map((item, i) => <li key={i}>{renderNodes(item)}</li>)}</ul>
    case 'url': {
      const target = safeUrl(n.arg || n.children.filter((c): c is string => typeof c === 'string').join(''))
      return target ? <a key={key} href={target} target="_blank" rel="noopener noreferrer">{inner()}</a> : <span key={key}>{inner()}</span>
    }
    case 'send':
    case 'put': return <span key={key} class="command" title={n.arg}>{inner()}</span>
    case 'user':
    case 'chat': return <span key={key} class="mention">{inner()}</span>
    default: return <span key={key}>{inner()}</span>
  }
}

function renderNodes(nodes: BbNode[]): ComponentChildren {
  return nodes.map((n, i) => (typeof n === 'string' ? textWithLinks(n, i) : renderTag(n, i)))
}

export function RichText({ text }: { text: string }) {
  return <>{renderNodes(parseBb(text))}</>
}
