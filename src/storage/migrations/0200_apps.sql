-- Local applications (OAuth clients registered by an administrator), their tokens and options.

-- One row: this server's identity as Bitrix24 apps see it (member_id does not change with the address).
create table app_server (
  singleton  boolean primary key default true check (singleton),
  member_id  text not null
);
insert into app_server (member_id) values (replace(gen_random_uuid()::text, '-', ''));

create table apps (
  id                 serial primary key,
  client_id          text not null unique,
  -- kept in clear: it is the key of the HMAC signature on every event delivery, which the app verifies
  client_secret      text not null,
  application_token  text not null unique,
  code               text not null,
  title              text not null,
  scopes             text[] not null,
  redirect_uri       text not null default '',
  install_handler    text not null default '',
  version            integer not null default 1,
  language_id        text not null default 'en',
  created_by         integer not null references users(id),
  created_at         timestamptz not null default now(),
  revoked_at         timestamptz
);

create table app_tokens (
  id          bigserial primary key,
  app_id      integer not null references apps(id) on delete cascade,
  user_id     integer not null references users(id) on delete cascade,
  -- code: one-time authorization code (30 s); access: 1 hour; refresh: 180 days, single use
  kind        text not null check (kind in ('code', 'access', 'refresh')),
  token_hash  text not null unique,
  expires_at  timestamptz not null,
  used_at     timestamptz,
  created_at  timestamptz not null default now()
);
create index app_tokens_app_idx on app_tokens(app_id);
create index app_tokens_expires_idx on app_tokens(expires_at);

-- app.option.* (user_id 0) and user.option.* (user_id of the caller); values keep their JSON form
create table app_options (
  app_id   integer not null references apps(id) on delete cascade,
  user_id  integer not null,
  name     text not null,
  value    text not null,
  primary key (app_id, user_id, name)
);
