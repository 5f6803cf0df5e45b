-- Dialogues: open-line chats, their members and messages, sessions (one
-- handling cycle of a chat), operator load for routing, and timers.
-- Every hot query names its chat (or line), so these tables can later be
-- partitioned or distributed by chat id.

-- Customers of lines are guest users of type 'imconnector', one per channel
-- user; the index lets two first messages of one customer meet on one row.
create unique index users_imconnector_xml_idx on users(xml_id) where user_type = 'imconnector';

-- Chats and sessions change with every message; room left in each page
-- (fillfactor) lets those updates stay on the page without touching indexes.
create table chats (
  id                serial primary key,
  -- 'lines' is the operator side of an open-line chat
  type              text not null default 'lines',
  entity_type       text not null default 'LINES',
  -- USER_CODE: <connector>|<LINE_ID>|<CONNECTOR_CHAT_ID>|<CONNECTOR_USER_ID>
  entity_id         text not null,
  line_id           integer not null,
  connector_id      text not null,
  connector_chat_id text not null,
  connector_user_id text not null,
  guest_user_id     integer not null references users(id),
  name              text not null default '',
  description       text,
  color             text not null default '#58cc47',
  owner_id          integer not null default 0,
  session_count     integer not null default 0,
  last_session_id   integer,
  last_message_id   bigint not null default 0,
  message_count     integer not null default 0,
  last_message_at   timestamptz,
  created_at        timestamptz not null
) with (fillfactor = 70);
create unique index chats_entity_idx on chats(entity_type, entity_id);
create index chats_line_idx on chats(line_id, id);

create table chat_members (
  chat_id      integer not null references chats(id) on delete cascade,
  user_id      integer not null references users(id) on delete cascade,
  -- owner | manager | member
  role         text not null default 'member',
  last_read_id bigint not null default 0,
  joined_at    timestamptz not null,
  primary key (chat_id, user_id)
);
create index chat_members_user_idx on chat_members(user_id, chat_id);

create table sessions (
  id                  serial primary key,
  chat_id             integer not null references chats(id) on delete cascade,
  -- sessions are numbered 1, 2, ... within their chat
  number              integer not null,
  line_id             integer not null,
  parent_id           integer,
  -- new | bot | waiting | offered | answered | closing | closed
  status              text not null,
  -- the operator the dialogue is offered to (evenly, strictly) or who answers it
  operator_id         integer,
  -- every operator it is offered to right now (all of them for the 'all' queue type)
  offered_to          integer[] not null default '{}',
  -- operators already offered it in this round; a hand-over moves past them
  tried               integer[] not null default '{}',
  -- compare-and-set guard: every state change is UPDATE ... WHERE version = $seen
  version             integer not null default 0,
  pinned              boolean not null default false,
  silent              boolean not null default false,
  spam                boolean not null default false,
  bot_id              integer,
  wait_answer         boolean not null default false,
  transfer_count      integer not null default 0,
  created_at          timestamptz not null,
  queued_at           timestamptz,
  offered_at          timestamptz,
  answered_at         timestamptz,
  first_answer_at     timestamptz,
  last_customer_at    timestamptz,
  last_operator_at    timestamptz,
  finished_at         timestamptz,
  closed_at           timestamptz,
  closed_by           integer,
  -- operator | another | auto | expire | spam | bot | line | restart
  close_reason        text,
  no_answer_sent_at   timestamptz,
  kpi_first_alert_at  timestamptz,
  kpi_further_alert_at timestamptz,
  vote_requested_at   timestamptz,
  vote_closed_at      timestamptz,
  vote                integer,
  vote_head           integer,
  comment_head        text,
  unique (chat_id, number)
) with (fillfactor = 70);
-- at most one open session per chat
create unique index sessions_open_idx on sessions(chat_id) where status <> 'closed';
-- the queue of a line, oldest first
create index sessions_waiting_idx on sessions(line_id, queued_at, id) where status = 'waiting';
create index sessions_operator_idx on sessions(operator_id, status) where status <> 'closed';

create table messages (
  id          bigserial primary key,
  chat_id     integer not null references chats(id) on delete cascade,
  session_id  integer,
  -- 0 for messages of the system
  author_id   integer not null default 0,
  text        text not null default '',
  params      jsonb not null default '{}',
  is_system   boolean not null default false,
  -- false for what only operators see (silent mode, KPI alerts)
  to_customer boolean not null default true,
  -- the channel's own message id: a message delivered twice is stored once
  external_id text,
  uuid        text,
  created_at  timestamptz not null,
  updated_at  timestamptz,
  deleted     boolean not null default false
);
create unique index messages_external_idx on messages(chat_id, external_id) where external_id is not null;
create index messages_chat_idx on messages(chat_id, id);
create index messages_session_idx on messages(chat_id, session_id, id);

-- Attachment metadata: the files themselves stay where the channel keeps them.
create table message_files (
  id          serial primary key,
  chat_id     integer not null references chats(id) on delete cascade,
  message_id  bigint not null,
  name        text not null,
  -- image | video | audio | file
  type        text not null default 'file',
  extension   text not null default '',
  size        bigint not null default 0,
  url         text not null default '',
  width       integer,
  height      integer,
  author_id   integer not null default 0,
  created_at  timestamptz not null
);
create index message_files_message_idx on message_files(chat_id, message_id);

-- What routing reads per operator of a line: queue position and how many
-- dialogues they hold in each state, kept in step with sessions.
create table operator_load (
  line_id          integer not null,
  user_id          integer not null,
  position         integer not null default 0,
  in_queue         boolean not null default true,
  offered          integer not null default 0,
  answered         integer not null default 0,
  closing          integer not null default 0,
  last_offered_at  timestamptz,
  primary key (line_id, user_id)
);
create index operator_load_evenly_idx on operator_load(line_id, (offered + answered), last_offered_at nulls first, position) where in_queue;
create index operator_load_strict_idx on operator_load(line_id, position) where in_queue;
create index operator_load_user_idx on operator_load(user_id) where in_queue;

-- The queue operator_load was last brought in line with, per line.
create table routing_queues (
  line_id  integer primary key,
  queue    integer[] not null
);

-- Every timer is a row with a due time; a worker takes due rows with
-- FOR UPDATE SKIP LOCKED and deletes each in the transaction that acts on it.
create table timers (
  id          bigserial primary key,
  kind        text not null,
  subject_id  integer not null,
  due_at      timestamptz not null,
  payload     jsonb not null default '{}',
  created_at  timestamptz not null,
  unique (kind, subject_id)
);
create index timers_due_idx on timers(due_at, id);
