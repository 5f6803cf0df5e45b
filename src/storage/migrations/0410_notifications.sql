-- Notifications to a user (KPI alerts of open lines): pushed live on the
-- user's realtime channel when written, kept here to be read later.
create table notifications (
  id          bigserial primary key,
  user_id     integer not null references users(id) on delete cascade,
  -- KPI_FIRST_ANSWER | KPI_FURTHER_ANSWER
  kind        text not null,
  text        text not null,
  chat_id     integer,
  session_id  integer,
  line_id     integer,
  params      jsonb not null default '{}',
  created_at  timestamptz not null,
  read_at     timestamptz
);
create index notifications_user_idx on notifications(user_id, id);
create index notifications_unread_idx on notifications(user_id, id) where read_at is null;
