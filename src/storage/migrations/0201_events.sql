-- Event handlers, the outbox of events, their deliveries with every attempt, and the offline queue.

create table event_handlers (
  id                serial primary key,
  app_id            integer not null references apps(id) on delete cascade,
  event_name        text not null,
  handler           text not null default '',
  -- user whose tokens the handler receives; 0: the user whose action raised the event
  auth_type         integer not null default 0,
  offline           boolean not null default false,
  auth_connector    text not null default '',
  options           jsonb not null default '{}',
  -- '' for event.bind; a domain's tag (e.g. 'bot:12') for handlers that domain registers for its own object
  owner             text not null default '',
  -- ONOFFLINEEVENT: when this handler was last notified (minTimeout)
  last_notified_at  timestamptz,
  created_at        timestamptz not null default now()
);
create unique index event_handlers_unique_idx
  on event_handlers(app_id, event_name, handler, auth_type, offline, auth_connector, owner);
create index event_handlers_event_idx on event_handlers(event_name, app_id);

-- The outbox: one row for every event, written in the transaction of the change that raised it.
create table events (
  id          bigserial primary key,
  event_name  text not null,
  -- JSON text, not jsonb: handlers receive the keys in the order the domain wrote them
  data        text not null,
  chat_id     bigint,
  user_id     integer,
  created_at  timestamptz not null default now()
);
create index events_created_idx on events(created_at);

create table event_deliveries (
  id            bigserial primary key,
  event_id      bigint not null references events(id) on delete cascade,
  -- no foreign keys to the handler: like Bitrix24's queue, what was queued goes out after an unbind
  handler_id    integer not null,
  app_id        integer not null,
  url           text not null,
  auth_user_id  integer,
  -- deliveries with the same handler and key go out one at a time, in id order (the event's chat)
  order_key     text,
  -- new: due now; pending: due at due_at (a retry, or the lease of an attempt in flight);
  -- waiting: behind an earlier delivery of the same handler and key; delivered; failed (parked)
  state         text not null default 'new' check (state in ('new', 'pending', 'waiting', 'delivered', 'failed')),
  due_at        timestamptz,
  attempts      integer not null default 0,
  -- attempts made before the last replay: a replayed delivery gets a fresh budget of tries
  retry_base    integer not null default 0,
  last_status   integer,
  last_error    text,
  created_at    timestamptz not null default now(),
  finished_at   timestamptz
);
create index event_deliveries_new_idx on event_deliveries(id) where state = 'new';
create index event_deliveries_due_idx on event_deliveries(due_at) where state = 'pending';
create index event_deliveries_order_idx on event_deliveries(handler_id, order_key, id)
  where state in ('new', 'pending', 'waiting') and order_key is not null;
create index event_deliveries_failed_idx on event_deliveries(id) where state = 'failed';
create index event_deliveries_event_idx on event_deliveries(event_id);
create index event_deliveries_finished_idx on event_deliveries(finished_at) where state in ('delivered', 'failed');

create table event_delivery_attempts (
  id           bigserial primary key,
  delivery_id  bigint not null references event_deliveries(id) on delete cascade,
  attempt      integer not null,
  started_at   timestamptz not null,
  duration_ms  integer not null,
  status_code  integer,
  error        text,
  -- the first kilobyte of the handler's answer
  response     text
);
create index event_delivery_attempts_delivery_idx on event_delivery_attempts(delivery_id, attempt);

-- event.offline.*: per app and source key, the latest state of each changed object (MESSAGE_ID).
create table event_offline (
  id                bigserial primary key,
  app_id            integer not null references apps(id) on delete cascade,
  auth_connector    text not null default '',
  event_name        text not null,
  event_data        text not null,
  event_additional  text,
  message_id        text not null,
  process_id        text not null default '',
  error             boolean not null default false,
  timestamp_x       timestamptz not null default now(),
  reserved_at       timestamptz
);
create unique index event_offline_message_idx on event_offline(app_id, auth_connector, message_id)
  where process_id = '' and not error;
create index event_offline_queue_idx on event_offline(app_id, auth_connector, id);
create index event_offline_process_idx on event_offline(process_id) where process_id <> '';
