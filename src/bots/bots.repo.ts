import type { ColumnType, Selectable } from 'kysely'
import type { Executor } from '../storage/db.js'

/** URLs a bot registered, by the event they receive. */
export interface BotHandlers {
  messageAdd: string
  messageUpdate: string
  messageDelete: string
  welcome: string
  botDelete: string
}

export interface BotsTable {
  user_id: number
  app_id: number
  code: string
  type: string
  openline: boolean
  handlers: ColumnType<BotHandlers, string, string>
  created_by: number
  created_at: ColumnType<Date, Date | undefined, never>
}

export interface BotWebhookAppsTable {
  client_id: string
  app_id: number
  created_by: number
}

export interface BotCommandsTable {
  id: ColumnType<number, never, never>
  bot_id: number
  app_id: number
  command: string
  common: boolean
  hidden: boolean
  extranet: boolean
  lang: ColumnType<Array<{ LANGUAGE_ID: string; TITLE: string; PARAMS: string }>, string, string>
  handler: string
}

declare module '../storage/schema.js' {
  interface Database {
    bots: BotsTable
    bot_webhook_apps: BotWebhookAppsTable
    bot_commands: BotCommandsTable
  }
}

export type BotRow = Selectable<BotsTable> & { name: string; last_name: string }
export type CommandRow = Selectable<BotCommandsTable>

export interface BotProfile {
  name?: string
  lastName?: string
  email?: string
  workPosition?: string
  personalWww?: string
  personalGender?: string
  personalBirthday?: string | null
  color?: string
}

function profileColumns(p: BotProfile) {
  return {
    ...(p.name !== undefined ? { name: p.name } : {}),
    ...(p.lastName !== undefined ? { last_name: p.lastName } : {}),
    ...(p.email !== undefined ? { email: p.email } : {}),
    ...(p.workPosition !== undefined ? { work_position: p.workPosition } : {}),
    ...(p.personalWww !== undefined ? { personal_www: p.personalWww } : {}),
    ...(p.personalGender !== undefined ? { personal_gender: p.personalGender } : {}),
    ...(p.personalBirthday !== undefined ? { personal_birthday: p.personalBirthday } : {}),
  }
}

/** The bot's user row (user_type 'bot') and its bot row. */
export async function insertBot(
  tx: Executor,
  b: { appId: number; code: string; type: string; openline: boolean; handlers: BotHandlers; createdBy: number; profile: BotProfile; at: Date },
): Promise<number> {
  const user = await tx
    .insertInto('users')
    .values({ ...profileColumns(b.profile), user_type: 'bot', xml_id: `bot|${b.code}`, personal_photo: null, password_hash: null, last_login: null, last_activity: null, ...(b.profile.personalBirthday === undefined ? { personal_birthday: null } : {}), extra: JSON.stringify({ color: b.profile.color ?? '' }) })
    .returning('id')
    .executeTakeFirstOrThrow()
  await tx.insertInto('bots').values({
    user_id: user.id, app_id: b.appId, code: b.code, type: b.type, openline: b.openline, handlers: JSON.stringify(b.handlers), created_by: b.createdBy, created_at: b.at,
  }).execute()
  return user.id
}

export async function updateBot(tx: Executor, id: number, c: { code?: string; handlers?: BotHandlers; profile: BotProfile; at: Date }): Promise<void> {
  if (c.code !== undefined || c.handlers !== undefined) {
    await tx.updateTable('bots').set({
      ...(c.code !== undefined ? { code: c.code } : {}),
      ...(c.handlers !== undefined ? { handlers: JSON.stringify(c.handlers) } : {}),
    }).where('user_id', '=', id).execute()
  }
  const cols = profileColumns(c.profile)
  const extra = c.profile.color !== undefined ? { extra: JSON.stringify({ color: c.profile.color }) } : {}
  await tx.updateTable('users').set({ ...cols, ...extra, ...(c.code !== undefined ? { xml_id: `bot|${c.code}` } : {}), updated_at: c.at }).where('id', '=', id).execute()
}

const botColumns = ['bots.user_id', 'bots.app_id', 'bots.code', 'bots.type', 'bots.openline', 'bots.handlers', 'bots.created_by', 'bots.created_at', 'users.name', 'users.last_name'] as const

export function findBot(tx: Executor, id: number): Promise<BotRow | undefined> {
  return tx.selectFrom('bots').innerJoin('users', 'users.id', 'bots.user_id').select(botColumns).where('bots.user_id', '=', id).executeTakeFirst()
}

export async function codeTaken(tx: Executor, code: string, exceptId = 0): Promise<boolean> {
  const row = await tx.selectFrom('bots').select('user_id').where((eb) => eb(eb.fn('lower', ['code']), '=', code.toLowerCase())).where('user_id', '<>', exceptId).executeTakeFirst()
  return row !== undefined
}

export function botsOfApp(tx: Executor, appId: number): Promise<BotRow[]> {
  return tx.selectFrom('bots').innerJoin('users', 'users.id', 'bots.user_id').select(botColumns).where('bots.app_id', '=', appId).orderBy('bots.user_id').execute()
}

export function allBots(tx: Executor): Promise<BotRow[]> {
  return tx.selectFrom('bots').innerJoin('users', 'users.id', 'bots.user_id').select(botColumns).orderBy('bots.user_id').limit(10_000).execute()
}

/** The bot row goes; the user row stays, dismissed, so that the bot's old messages keep their author. */
export async function deleteBot(tx: Executor, id: number, at: Date): Promise<void> {
  await tx.deleteFrom('bots').where('user_id', '=', id).execute()
  await tx.updateTable('users').set({ active: false, updated_at: at }).where('id', '=', id).execute()
}

export function webhookApp(tx: Executor, clientId: string) {
  return tx.selectFrom('bot_webhook_apps').selectAll().where('client_id', '=', clientId).executeTakeFirst()
}

export async function insertWebhookApp(tx: Executor, clientId: string, appId: number, createdBy: number): Promise<void> {
  await tx.insertInto('bot_webhook_apps').values({ client_id: clientId, app_id: appId, created_by: createdBy }).execute()
}

export function findCommand(tx: Executor, id: number): Promise<CommandRow | undefined> {
  return tx.selectFrom('bot_commands').selectAll().where('id', '=', id).executeTakeFirst()
}

export function commandsOfBot(tx: Executor, botId: number): Promise<CommandRow[]> {
  return tx.selectFrom('bot_commands').selectAll().where('bot_id', '=', botId).orderBy('id').execute()
}

export async function insertCommand(
  tx: Executor, c: { botId: number; appId: number; command: string; common: boolean; hidden: boolean; extranet: boolean; lang: string; handler: string },
): Promise<number | null> {
  const row = await tx.insertInto('bot_commands').values({
    bot_id: c.botId, app_id: c.appId, command: c.command, common: c.common, hidden: c.hidden, extranet: c.extranet, lang: c.lang, handler: c.handler,
  }).onConflict((oc) => oc.doNothing()).returning('id').executeTakeFirst()
  return row?.id ?? null
}

export async function updateCommand(
  tx: Executor, id: number, c: Partial<{ command: string; common: boolean; hidden: boolean; extranet: boolean; lang: string; handler: string }>,
): Promise<void> {
  if (Object.keys(c).length) await tx.updateTable('bot_commands').set(c).where('id', '=', id).execute()
}

export async function deleteCommand(tx: Executor, id: number): Promise<void> {
  await tx.deleteFrom('bot_commands').where('id', '=', id).execute()
}


/**
 * The commands a `/word` in a chat names: every COMMON=Y command of that
 * word, and the others of bots that are members of the chat (imbot-command-register.md).
 */
export function commandsForChat(tx: Executor, word: string, chatId: number): Promise<CommandRow[]> {
  const w = word.toLowerCase()
  return tx.selectFrom('bot_commands').selectAll()
    .where((eb) => eb(eb.fn('lower', ['command']), '=', w))
    .where((eb) => eb.or([
      eb('common', '=', true),
      eb('bot_id', 'in', eb.selectFrom('chat_members').select('user_id').where('chat_id', '=', chatId)),
    ]))
    .orderBy('id')
    .limit(20)
    .execute()
}
