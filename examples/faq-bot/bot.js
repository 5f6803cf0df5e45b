// A small FAQ bot for open lines: registers itself with imbot.register
// through an incoming webhook (with a CLIENT_ID, as webhook bots must),
// greets customers, answers what faq.json knows, and passes the dialogue to
// an operator when the customer asks for one or the bot is not sure.
import { readFile } from 'node:fs/promises'
import Fastify from 'fastify'
import formbody from '@fastify/formbody'
import qs from 'qs'

const env = process.env
const WEBHOOK = (env.OPENLINES_WEBHOOK ?? '').replace(/\/?$/, '/')
const CLIENT_ID = env.BOT_CLIENT_ID ?? 'faq-bot'
const PORT = Number(env.PORT ?? 8090)
const HANDLER_URL = env.BOT_HANDLER_URL ?? `http://127.0.0.1:${PORT}/events`
const LINE_ID = env.LINE_ID ? Number(env.LINE_ID) : null
const FAQ_FILE = env.FAQ_FILE ?? new URL('./faq.json', import.meta.url)
/** Below this many matched keywords the bot is "not sure" and hands over. */
const MIN_SCORE = Number(env.MIN_SCORE ?? 1)

if (!WEBHOOK.startsWith('http')) {
  console.error('Set OPENLINES_WEBHOOK to an administrator webhook, e.g. http://127.0.0.1:8080/rest/1/abc123/')
  process.exit(1)
}

const faq = JSON.parse(await readFile(FAQ_FILE, 'utf8'))

/** One REST call through the webhook; throws on an error envelope. */
async function call(method, params = {}) {
  const res = await fetch(`${WEBHOOK}${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ ...params, CLIENT_ID }),
  })
  const body = await res.json()
  if (body.error) throw new Error(`${method}: ${body.error} ${body.error_description}`)
  return body.result
}

/** The FAQ entry with the most keywords in the text, with its score. */
export function bestAnswer(text, entries = faq) {
  const words = ` ${text.toLowerCase().replace(/[^\p{L}\p{N}\s]/gu, ' ')} `
  let best = null
  for (const entry of entries) {
    const score = entry.keywords.filter((k) => words.includes(` ${k.toLowerCase()} `)).length
    if (score > (best?.score ?? 0)) best = { entry, score }
  }
  return best
}

const keyboard = () => ({
  BUTTONS: [
    ...faq.flatMap((e) => [{ TEXT: e.title, ACTION: 'SEND', ACTION_VALUE: e.title, DISPLAY: 'LINE' }]),
    { TYPE: 'NEWLINE' },
    { TEXT: 'Talk to a person', ACTION: 'SEND', ACTION_VALUE: 'operator', BG_COLOR: '#29619b', TEXT_COLOR: '#fff', DISPLAY: 'LINE' },
  ],
})

/** `/faq` lists the questions as COMMAND buttons: pressing one runs `/faq <n>` as ONIMCOMMANDADD (COMMAND_CONTEXT=KEYBOARD). */
const faqKeyboard = () => ({
  BUTTONS: faq.flatMap((e, i) => [{ TEXT: e.title, COMMAND: 'faq', COMMAND_PARAMS: String(i + 1), BOT_ID: botId, DISPLAY: 'LINE' }]),
})

let botId = 0

async function handOver(dialogId, chatId, text) {
  await call('imbot.message.add', { BOT_ID: botId, DIALOG_ID: dialogId, MESSAGE: text })
  await call('imopenlines.bot.session.operator', { CHAT_ID: chatId })
}

async function onEvent(event, data) {
  const params = data?.PARAMS ?? {}
  const dialogId = params.DIALOG_ID
  const chatId = Number(params.CHAT_ID ?? params.TO_CHAT_ID ?? String(dialogId).replace('chat', ''))
  if (event === 'ONIMBOTJOINCHAT') {
    await call('imbot.message.add', { BOT_ID: botId, DIALOG_ID: dialogId, MESSAGE: 'Hello! I can answer common questions. Pick one or type yours.', KEYBOARD: keyboard() })
    return
  }
  if (event === 'ONIMCOMMANDADD') return onCommand(data)
  if (event !== 'ONIMBOTMESSAGEADD') return
  const text = String(params.MESSAGE ?? '')
  if (/\b(operator|human|person|agent)\b/i.test(text)) return handOver(dialogId, chatId, 'Sure, passing you to a colleague.')
  const found = bestAnswer(text)
  const exact = faq.find((e) => e.title.toLowerCase() === text.trim().toLowerCase())
  if (exact) return void (await call('imbot.message.add', { BOT_ID: botId, DIALOG_ID: dialogId, MESSAGE: exact.answer }))
  if (!found || found.score < MIN_SCORE) return handOver(dialogId, chatId, "I'm not sure about that one - passing you to a colleague.")
  await call('imbot.message.add', { BOT_ID: botId, DIALOG_ID: dialogId, MESSAGE: found.entry.answer })
}

/** `/faq` alone lists the questions; `/faq 2` (typed or pressed) answers the second. */
async function onCommand(data) {
  for (const cmd of Object.values(data?.COMMAND ?? {})) {
    if (cmd.COMMAND !== 'faq') continue
    const entry = faq[Number(cmd.COMMAND_PARAMS) - 1]
    await call('imbot.command.answer', {
      COMMAND_ID: cmd.COMMAND_ID, MESSAGE_ID: cmd.MESSAGE_ID,
      ...(entry ? { MESSAGE: entry.answer } : { MESSAGE: 'Our common questions:', KEYBOARD: faqKeyboard() }),
    })
  }
}

async function register() {
  botId = await call('imbot.register', {
    CODE: 'faq_bot', TYPE: 'O', OPENLINE: 'Y', EVENT_HANDLER: HANDLER_URL,
    PROPERTIES: { NAME: 'FAQ bot', WORK_POSITION: 'Answers common questions', COLOR: 'MINT' },
  })
  console.log(`registered as bot ${botId}, events at ${HANDLER_URL}`)
  await call('imbot.command.register', {
    BOT_ID: botId, COMMAND: 'faq', EVENT_COMMAND_ADD: HANDLER_URL,
    LANG: [{ LANGUAGE_ID: 'en', TITLE: 'Common questions', PARAMS: 'question number' }],
  })
  if (LINE_ID !== null) {
    await call('imopenlines.config.update', { CONFIG_ID: LINE_ID, PARAMS: { WELCOME_BOT_ENABLE: 'Y', WELCOME_BOT_ID: botId, WELCOME_BOT_JOIN: 'always', WELCOME_BOT_LEFT: 'queue' } })
    console.log(`welcome bot of line ${LINE_ID}`)
  }
}

const app = Fastify({ logger: { level: env.LOG_LEVEL ?? 'info' } })
// Events arrive form-encoded with PHP-style nested keys (data[PARAMS][MESSAGE]).
await app.register(formbody, { parser: (body) => qs.parse(body, { depth: 10, parseArrays: false }) })
app.post('/events', async (req, reply) => {
  const { event, data } = req.body ?? {}
  // Answer the delivery at once and act after: the server does not wait for the bot's own calls.
  reply.send('ok')
  onEvent(String(event ?? '').toUpperCase(), data).catch((err) => app.log.error({ err, event }, 'event failed'))
})

await app.listen({ port: PORT, host: env.HOST ?? '127.0.0.1' })
await register()
