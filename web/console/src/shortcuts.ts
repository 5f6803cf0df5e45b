/**
 * Keyboard shortcuts of the workspace. Alt+key acts on the open dialogue
 * (the same buttons a mouse would press, so progress and errors show the
 * same way); Alt+Up/Down moves through the list shown.
 */
const ACTIONS: Record<string, string> = {
  a: 'imopenlines.operator.answer',
  s: 'imopenlines.operator.skip',
  f: 'imopenlines.operator.finish',
  t: 'transfer',
  i: 'imopenlines.session.intercept',
  j: 'imopenlines.session.join',
}

function press(selector: string): boolean {
  const el = document.querySelector<HTMLElement>(selector)
  if (!el || (el as HTMLButtonElement).disabled) return false
  el.click()
  return true
}

function moveInList(step: number): boolean {
  const links = Array.from(document.querySelectorAll<HTMLAnchorElement>('.dialogues a'))
  if (!links.length) return false
  const at = links.findIndex((a) => a.getAttribute('aria-current') === 'page')
  const next = links[Math.max(0, Math.min(links.length - 1, at === -1 ? 0 : at + step))]
  next.click()
  next.focus()
  return true
}

function onKey(e: KeyboardEvent): void {
  if (!e.altKey || e.ctrlKey || e.metaKey) return
  const key = e.key.toLowerCase()
  let done = false
  if (key === 'arrowdown') done = moveInList(1)
  else if (key === 'arrowup') done = moveInList(-1)
  else if (key === 'm') {
    const box = document.querySelector<HTMLTextAreaElement>('.composer textarea')
    box?.focus()
    done = Boolean(box)
  } else if (ACTIONS[e.code.replace(/^Key/, '').toLowerCase()] ?? ACTIONS[key]) {
    done = press(`[data-action="${ACTIONS[e.code.replace(/^Key/, '').toLowerCase()] ?? ACTIONS[key]}"]`)
  }
  if (done) e.preventDefault()
}

export function installShortcuts(): () => void {
  document.addEventListener('keydown', onKey)
  return () => document.removeEventListener('keydown', onKey)
}

export const SHORTCUTS: Array<[string, string]> = [
  ['Enter / Shift+Enter', 'send / new line'],
  ['Ctrl+/', 'quick answers'],
  ['Alt+↑ / Alt+↓', 'previous / next dialogue'],
  ['Alt+M', 'to the message box'],
  ['Alt+A / Alt+S', 'answer / skip'],
  ['Alt+T / Alt+F', 'transfer / finish'],
  ['Alt+J / Alt+I', 'join / intercept'],
  ['Alt+O', 'online / away'],
]
