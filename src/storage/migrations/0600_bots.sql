-- Chat bots (imbot.*): a bot is a users row with user_type 'bot'; this row holds what only a bot has.
create table bots (
  user_id     integer primary key references users(id) on delete cascade,
  app_id      integer not null references apps(id) on delete cascade,
  code        text not null,
  -- B standard, O open lines, H human, S supervisor (imbot-register.md)
  type        char(1) not null,
  openline    boolean not null,
  -- EVENT_MESSAGE_ADD ... EVENT_BOT_DELETE as registered, camelCase keys
  handlers    jsonb not null,
  created_by  integer not null,
  created_at  timestamptz not null default now()
);
create unique index bots_code_idx on bots(lower(code));
create index bots_app_idx on bots(app_id);

-- A webhook has no application; the CLIENT_ID it registers bots with stands in for one (imbot-register.md).
create table bot_webhook_apps (
  client_id   text primary key,
  app_id      integer not null references apps(id) on delete cascade,
  created_by  integer not null
);

-- Slash commands of bots (imbot.command.register).
create table bot_commands (
  id          serial primary key,
  bot_id      integer not null references bots(user_id) on delete cascade,
  app_id      integer not null,
  command     text not null,
  common      boolean not null default false,
  hidden      boolean not null default false,
  extranet    boolean not null default false,
  lang        jsonb not null default '[]',
  handler     text not null default ''
);
create unique index bot_commands_unique_idx on bot_commands(bot_id, lower(command));
