/** Open lines: the list, creating one, and each line's settings (imopenlines.config.*), with its widget code. */
import { useEffect, useState } from 'preact/hooks'
import { call, callList } from '../api.js'
import { Button, ErrorText, useAction } from '../ui.js'
import { allPages, Check, ConfirmButton, Done, Field, Loading, Screen, Section, toYN, useLoad, yn } from './common.js'

interface LineRow {
  ID: string
  LINE_NAME: string
  ACTIVE: string
}

type Config = Record<string, unknown>

interface Person {
  ID: string
  NAME: string
  LAST_NAME: string
  EMAIL: string
  ACTIVE: boolean
}

interface BotRow {
  ID: number | string
  NAME?: string
  CODE?: string
}

const WEEKDAYS = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU']

/** The settings this screen edits, by kind; all others are left as they are. */
const FLAGS = [
  'ACTIVE', 'CHECK_AVAILABLE', 'WELCOME_MESSAGE', 'WORKTIME_ENABLE', 'WELCOME_BOT_ENABLE', 'CRM', 'CRM_FORWARD',
  'VOTE_MESSAGE', 'VOTE_BEFORE_FINISH',
]
const TEXTS = [
  'LINE_NAME', 'QUEUE_TYPE', 'QUEUE_TIME', 'NO_ANSWER_TIME', 'MAX_CHAT', 'WELCOME_MESSAGE_TEXT', 'WORKTIME_FROM', 'WORKTIME_TO',
  'WORKTIME_TIMEZONE', 'WORKTIME_DAYOFF_TEXT', 'WORKTIME_DAYOFF_BOT_ID', 'WELCOME_BOT_ID', 'WELCOME_BOT_TIME', 'WELCOME_BOT_JOIN', 'WELCOME_BOT_LEFT',
  'CRM_CREATE', 'CRM_SOURCE', 'VOTE_MESSAGE_1_TEXT', 'VOTE_MESSAGE_1_LIKE', 'VOTE_MESSAGE_1_DISLIKE', 'AUTO_CLOSE_TIME', 'CLOSE_TEXT',
]
const NUMBERS = new Set(['QUEUE_TIME', 'NO_ANSWER_TIME', 'MAX_CHAT', 'WELCOME_BOT_ID', 'WORKTIME_DAYOFF_BOT_ID', 'WELCOME_BOT_TIME', 'AUTO_CLOSE_TIME'])

const BOT_FIELDS = new Set(['WELCOME_BOT_ID', 'WORKTIME_DAYOFF_BOT_ID'])

interface Draft {
  flags: Record<string, boolean>
  texts: Record<string, string>
  queue: string[]
  dayoff: string[]
}

function draftOf(c: Config): Draft {
  const list = (v: unknown) => (Array.isArray(v) ? v.map(String).filter(Boolean) : [])
  return {
    flags: Object.fromEntries(FLAGS.map((k) => [k, yn(c[k])])),
    texts: Object.fromEntries(TEXTS.map((k) => [k, c[k] === null || c[k] === undefined ? (BOT_FIELDS.has(k) ? '0' : '') : String(c[k])])),
    queue: list(c.QUEUE),
    dayoff: list(c.WORKTIME_DAYOFF),
  }
}

function paramsOf(d: Draft): Record<string, unknown> {
  const params: Record<string, unknown> = {}
  for (const k of FLAGS) params[k] = toYN(d.flags[k])
  for (const k of TEXTS) params[k] = NUMBERS.has(k) ? Number(d.texts[k] || 0) : d.texts[k]
  if (!d.texts.WORKTIME_TIMEZONE) delete params.WORKTIME_TIMEZONE
  params.QUEUE = d.queue.map((id) => ({ ENTITY_TYPE: 'user', ENTITY_ID: Number(id) }))
  params.WORKTIME_DAYOFF = d.dayoff
  return params
}

export function LinesScreen() {
  const lines = useLoad(() => callList<LineRow>('imopenlines.config.list.get', { PARAMS: { select: ['ID', 'LINE_NAME', 'ACTIVE'], order: { ID: 'ASC' } } }).then((p) => p.items))
  const [open, setOpen] = useState<string | null>(null)
  const [name, setName] = useState('')
  const create = useAction(async () => {
    const id = await call<number | string>('imopenlines.config.add', { PARAMS: { LINE_NAME: name.trim() } })
    setName('')
    await lines.reload()
    setOpen(String(id))
  })
  return (
    <Screen title="Open lines">
      <form class="adm-row adm-card" aria-label="New line" onSubmit={(e) => { e.preventDefault(); void create.run() }}>
        <Field label="New line name">
          <input name="new-line" value={name} onInput={(e) => setName(e.currentTarget.value)} required maxLength={255} />
        </Field>
        <Button type="submit" class="primary" busy={create.busy}>Create line</Button>
        <ErrorText error={create.error} />
      </form>
      <div class="adm-split">
        <div>
          <Loading loading={lines.loading} error={lines.error} onRetry={() => void lines.reload()} />
          {lines.data && lines.data.length === 0 ? <p class="empty">No lines yet.</p> : null}
          <ul class="adm-list" aria-label="Lines">
            {(lines.data ?? []).map((l) => (
              <li key={l.ID}>
                <button type="button" aria-current={open === String(l.ID) ? 'true' : undefined} onClick={() => setOpen(String(l.ID))}>
                  <span>{l.LINE_NAME}</span>
                  <span class="adm-muted">#{l.ID}{yn(l.ACTIVE) ? '' : ' · off'}</span>
                </button>
              </li>
            ))}
          </ul>
        </div>
        {open ? <LineEditor key={open} id={open} onChanged={() => void lines.reload()} onDeleted={() => { setOpen(null); void lines.reload() }} /> : <p class="adm-muted">Choose a line to see its settings.</p>}
      </div>
    </Screen>
  )
}

function LineEditor({ id, onChanged, onDeleted }: { id: string; onChanged: () => void; onDeleted: () => void }) {
  const config = useLoad(() => call<Config>('imopenlines.config.get', { CONFIG_ID: id, WITH_QUEUE: 'Y' }), [id])
  const people = useLoad(() => allPages<Person>('user.get', { FILTER: { ACTIVE: true, USER_TYPE: 'employee' } }))
  const bots = useLoad(() => call<Record<string, BotRow> | BotRow[]>('imbot.bot.list'))
  const [draft, setDraft] = useState<Draft | null>(null)
  const [saved, setSaved] = useState('')
  useEffect(() => {
    if (config.data) setDraft(draftOf(config.data))
  }, [config.data])
  const save = useAction(async () => {
    if (!draft) return
    setSaved('')
    await call('imopenlines.config.update', { CONFIG_ID: id, PARAMS: paramsOf(draft) })
    setSaved('Saved.')
    onChanged()
  })
  const remove = useAction(async () => {
    await call('imopenlines.config.delete', { CONFIG_ID: id })
    onDeleted()
  })
  if (!draft) return <Loading loading={config.loading} error={config.error} onRetry={() => void config.reload()} />
  const flag = (k: string, label: string) => <Check label={label} name={k} checked={draft.flags[k]} onChange={(v) => setDraft({ ...draft, flags: { ...draft.flags, [k]: v } })} />
  const text = (k: string, label: string, opts: { type?: string; hint?: string; area?: boolean } = {}) => (
    <Field label={label} hint={opts.hint}>
      {opts.area ? (
        <textarea name={k} rows={3} value={draft.texts[k]} onInput={(e) => setDraft({ ...draft, texts: { ...draft.texts, [k]: e.currentTarget.value } })} />
      ) : (
        <input name={k} type={opts.type ?? 'text'} value={draft.texts[k]} onInput={(e) => setDraft({ ...draft, texts: { ...draft.texts, [k]: e.currentTarget.value } })} />
      )}
    </Field>
  )
  const choice = (k: string, label: string, values: [string, string][]) => (
    <Field label={label}>
      <select name={k} value={draft.texts[k]} onChange={(e) => setDraft({ ...draft, texts: { ...draft.texts, [k]: e.currentTarget.value } })}>
        {values.map(([v, t]) => <option key={v} value={v}>{t}</option>)}
      </select>
    </Field>
  )
  // A bot id the list does not know (a deleted bot) stays selectable, so saving never changes it silently.
  const botChoice = (k: string, label: string) => {
    const known: [string, string][] = Object.values(bots.data ?? {}).map((b) => [String(b.ID), b.NAME || b.CODE || `#${b.ID}`])
    const current = draft.texts[k] || '0'
    const extra: [string, string][] = current !== '0' && !known.some(([v]) => v === current) ? [[current, `#${current} (not a registered bot)`]] : []
    return choice(k, label, [['0', bots.loading ? 'Loading bots…' : '(none)'], ...known, ...extra])
  }
  const snippet = `<script src="${location.origin}/online/loader.js" data-line="${id}" async></script>`
  return (
    <form class="adm-card adm-form" aria-label={`Line ${draft.texts.LINE_NAME}`} onSubmit={(e) => { e.preventDefault(); void save.run() }}>
      <div class="adm-head">
        <h2>{draft.texts.LINE_NAME || `Line ${id}`}</h2>
        <div class="adm-actions">
          <Button type="submit" class="primary" busy={save.busy}>Save settings</Button>
          <ConfirmButton label="Delete line" confirm="Delete this line and close its dialogues?" busy={remove.busy} onConfirm={() => void remove.run()} />
        </div>
      </div>
      <Done text={saved} />
      <ErrorText error={save.error ?? remove.error} />
      <Section title="Line">
        <div class="adm-row">{text('LINE_NAME', 'Name')}</div>
        {flag('ACTIVE', 'Active (accepts new dialogues)')}
      </Section>
      <Section title="Website widget">
        <p class="adm-muted">Put this on any page of your site:</p>
        <code class="adm-code" data-testid="widget-snippet">{snippet}</code>
        <a href={`/online/demo?line=${id}`} target="_blank" rel="noopener">Open a demo page</a>
      </Section>
      <Section title="Queue and routing">
        <Field label="Operators, in routing order" hint={people.loading ? 'Loading people…' : 'Ctrl/Cmd-click to choose several'}>
          <select
            name="QUEUE"
            multiple
            onChange={(e) => setDraft({ ...draft, queue: Array.from(e.currentTarget.selectedOptions, (o) => o.value) })}
          >
            {(people.data ?? []).map((p) => (
              <option key={p.ID} value={String(p.ID)} selected={draft.queue.includes(String(p.ID))}>{[p.NAME, p.LAST_NAME].filter(Boolean).join(' ') || p.EMAIL || `#${p.ID}`}</option>
            ))}
          </select>
        </Field>
        <div class="adm-row">
          {choice('QUEUE_TYPE', 'Distribution', [['evenly', 'Evenly'], ['strictly', 'Strictly in order'], ['all', 'To all at once']])}
          {text('QUEUE_TIME', 'Seconds before the next operator', { type: 'number' })}
          {text('NO_ANSWER_TIME', 'Seconds without answer', { type: 'number' })}
          {text('MAX_CHAT', 'Max dialogues per operator (0: no limit)', { type: 'number' })}
        </div>
        {flag('CHECK_AVAILABLE', 'Only operators who are online')}
      </Section>
      <Section title="Greeting">
        {flag('WELCOME_MESSAGE', 'Send a welcome message')}
        {text('WELCOME_MESSAGE_TEXT', 'Welcome message', { area: true })}
      </Section>
      <Section title="Working hours">
        {flag('WORKTIME_ENABLE', 'Use working hours')}
        <div class="adm-row">
          {text('WORKTIME_FROM', 'From', { hint: 'HH:MM' })}
          {text('WORKTIME_TO', 'To', { hint: 'HH:MM' })}
          {text('WORKTIME_TIMEZONE', 'Time zone', { hint: 'e.g. Europe/Berlin' })}
        </div>
        <div class="adm-row" role="group" aria-label="Days off">
          {WEEKDAYS.map((d) => (
            <Check key={d} label={d} checked={draft.dayoff.includes(d)} onChange={(v) => setDraft({ ...draft, dayoff: v ? [...draft.dayoff, d] : draft.dayoff.filter((x) => x !== d) })} />
          ))}
        </div>
        {text('WORKTIME_DAYOFF_TEXT', 'Answer outside working hours', { area: true })}
        <div class="adm-row">{botChoice('WORKTIME_DAYOFF_BOT_ID', 'Bot outside working hours')}</div>
        <ErrorText error={bots.error} />
      </Section>
      <Section title="Chat bot">
        {flag('WELCOME_BOT_ENABLE', 'A bot answers first')}
        <div class="adm-row">
          {botChoice('WELCOME_BOT_ID', 'Bot')}
          {text('WELCOME_BOT_TIME', 'Seconds before passing to an operator', { type: 'number' })}
          {choice('WELCOME_BOT_JOIN', 'Bot joins', [['first', 'First dialogue only'], ['always', 'Every dialogue']])}
          {choice('WELCOME_BOT_LEFT', 'When the bot leaves', [['queue', 'Pass to the queue'], ['close', 'Close the dialogue']])}
        </div>
      </Section>
      <Section title="CRM">
        {flag('CRM', 'Link dialogues to the CRM')}
        <div class="adm-row">
          {choice('CRM_CREATE', 'Create for a new customer', [['none', 'Nothing'], ['lead', 'A lead'], ['deal', 'A deal']])}
          {text('CRM_SOURCE', 'Source')}
        </div>
        {flag('CRM_FORWARD', 'Route to the responsible person of the CRM record')}
      </Section>
      <Section title="Rating and closing">
        {flag('VOTE_MESSAGE', 'Ask the customer to rate the dialogue')}
        {flag('VOTE_BEFORE_FINISH', 'Ask before the dialogue is finished')}
        {text('VOTE_MESSAGE_1_TEXT', 'Rating request', { area: true })}
        <div class="adm-row">
          {text('VOTE_MESSAGE_1_LIKE', 'Answer to a good rating')}
          {text('VOTE_MESSAGE_1_DISLIKE', 'Answer to a bad rating')}
        </div>
        {text('CLOSE_TEXT', 'Message when the dialogue is finished', { area: true })}
        {text('AUTO_CLOSE_TIME', 'Seconds of customer silence before closing', { type: 'number' })}
      </Section>
      <div class="adm-actions">
        <Button type="submit" class="primary" busy={save.busy}>Save settings</Button>
        <Done text={saved} />
      </div>
    </form>
  )
}
