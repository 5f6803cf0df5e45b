/**
 * SQL round trips per message on the hot paths, statement by statement:
 * a customer's message through the internal entry point and an operator's
 * reply through im.message.add (REST layer included), each in a warm
 * dialogue (open, answered), and the first message of a new dialogue.
 * Prints every statement sent to the store, so a regression shows as a
 * longer list.
 *   DATABASE_URL=postgres://... npx tsx bench/dialogues-roundtrips.ts
 */
import { createDispatcher } from '../src/rest/dispatch.js'
import { benchEnv, bulkOperators } from './dialogues-setup.js'
import { statements } from './statement-log.js'


async function measure(label: string, work: () => Promise<unknown>, repeat = 3): Promise<void> {
  for (let i = 0; i < repeat; i++) {
    const t0 = performance.now()
    const log = await statements.record(work)
    const ms = performance.now() - t0
    if (i === repeat - 1) {
      process.stdout.write(`\n${label}: ${log.length} round trips, ${ms.toFixed(2)} ms in all\n`)
      for (const s of log) process.stdout.write(`  ${s.ms.toFixed(2).padStart(6)} ms  ${s.text}\n`)
    }
  }
}

async function main(): Promise<void> {
  if (!process.env.DATABASE_URL) throw new Error('counts round trips on PostgreSQL: set DATABASE_URL')
  const env = await benchEnv(4)
  const { deps } = env
  const ops = await bulkOperators(deps, 2)
  const line = await env.lines.add({ queue: ops, queueType: 'evenly' })
  const dispatch = createDispatcher(deps)
  const r = await deps.dialogues.receiveCustomerMessage({ connector: 'telegrambot', lineId: line.id, connectorChatId: 'c1', connectorUserId: 'c1', message: { text: 'hi' } })
  const s = await deps.db.selectFrom('sessions').select('operator_id').where('id', '=', r.sessionId).executeTakeFirstOrThrow()
  const [, , userId, code] = new URL((await deps.auth.createWebhook({ userId: s.operator_id!, scopes: ['im', 'imopenlines'] })).url).pathname.split('/')
  const credentials = { webhook: { userId, code } }
  await dispatch({ method: 'imopenlines.operator.answer', params: { CHAT_ID: r.chatId }, credentials })
  let n = 0
  const inbound = () => deps.dialogues.receiveCustomerMessage({
    connector: 'telegrambot', lineId: line.id, connectorChatId: 'c1', connectorUserId: 'c1', message: { text: `m${n}`, externalId: `x${n++}` },
  })
  const reply = async () => {
    const res = await dispatch({ method: 'im.message.add', params: { DIALOG_ID: `chat${r.chatId}`, MESSAGE: `reply ${n++}` }, credentials })
    if (res.status !== 200) throw new Error(JSON.stringify(res.body))
  }
  await measure('inbound, customer message in an answered dialogue', inbound)
  await measure('im.message.add, operator reply in an answered dialogue', reply)
  await measure('inbound then reply, alternating: inbound', async () => { await reply(); statements.log = []; await inbound() }, 2)
  await measure('inbound then reply, alternating: reply', async () => { await inbound(); statements.log = []; await reply() }, 2)
  await measure('inbound, first message of a new dialogue', () => deps.dialogues.receiveCustomerMessage({
    connector: 'telegrambot', lineId: line.id, connectorChatId: `new${n}`, connectorUserId: `new${n++}`, message: { text: 'hello' },
  }), 1)
  // The routing step: an operator at MAX_CHAT=1 finishes a dialogue, the same transaction offers them the oldest waiting one.
  const [solo] = await bulkOperators(deps, 1, 'Solo')
  const full = await env.lines.add({ queue: [solo], queueType: 'evenly', maxChat: 1, typeMaxChat: 'answered_new', queueTime: 0 })
  const [, , soloId, soloCode] = new URL((await deps.auth.createWebhook({ userId: solo, scopes: ['im', 'imopenlines'] })).url).pathname.split('/')
  const soloHook = { webhook: { userId: soloId, code: soloCode } }
  const held = await deps.dialogues.receiveCustomerMessage({ connector: 'telegrambot', lineId: full.id, connectorChatId: 'h0', connectorUserId: 'h0', message: { text: 'hi' } })
  for (let i = 1; i <= 3; i++) {
    await deps.dialogues.receiveCustomerMessage({ connector: 'telegrambot', lineId: full.id, connectorChatId: `h${i}`, connectorUserId: `h${i}`, message: { text: 'hi' } })
  }
  let chatId = held.chatId
  await measure('imopenlines.operator.finish, then the oldest waiting dialogue offered', async () => {
    const res = await dispatch({ method: 'imopenlines.operator.finish', params: { CHAT_ID: chatId }, credentials: soloHook })
    if (res.status !== 200) throw new Error(JSON.stringify(res.body))
    const next = await deps.db.selectFrom('sessions').select('chat_id').where('operator_id', '=', solo).where('status', '=', 'offered').executeTakeFirstOrThrow()
    chatId = next.chat_id
  }, 2)
  await env.close()
}

void main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`)
  process.exit(1)
})
