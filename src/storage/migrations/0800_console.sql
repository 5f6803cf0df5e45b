-- Console sign-in: browser sessions, one-time sign-in links and the failed sign-in counters.
-- Everything lives here (not in a process), so several server processes on one PostgreSQL share it.

-- Only the SHA-256 of the cookie's token is kept: a copy of this table signs no one in.
create table console_sessions (
  id            bigserial primary key,
  token_hash    text not null unique,
  user_id       integer not null references users(id) on delete cascade,
  -- Sent back by the console in X-Console-Csrf; useless without the cookie, so kept in clear.
  csrf          text not null,
  created_at    timestamptz not null,
  last_seen_at  timestamptz not null,
  expires_at    timestamptz not null
);
create index console_sessions_user_idx on console_sessions (user_id);
create index console_sessions_expires_idx on console_sessions (expires_at);

create table console_links (
  id          bigserial primary key,
  token_hash  text not null unique,
  user_id     integer not null references users(id) on delete cascade,
  created_at  timestamptz not null,
  expires_at  timestamptz not null,
  used_at     timestamptz
);
create index console_links_expires_idx on console_links (expires_at);

-- One row a key ('account:<e-mail>' or 'ip:<address>'): failures counted in a fixed window from window_start.
create table signin_failures (
  key           text primary key,
  failures      integer not null,
  window_start  timestamptz not null
);
create index signin_failures_window_idx on signin_failures (window_start);
