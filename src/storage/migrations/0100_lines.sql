-- Open lines: settings, queues, and who may manage which line.

create table lines (
  id              serial primary key,
  active          boolean not null default true,
  line_name       text not null,
  xml_id          text,
  -- every other setting, camelCase keys as in LineSettings (src/lines/lines.types.ts)
  settings        jsonb not null,
  -- per-operator display data for OPERATOR_DATA=queue, keyed by user id
  queue_users_fields jsonb not null default '{}',
  version         integer not null default 1,
  created_at      timestamptz not null,
  modified_at     timestamptz not null,
  modify_user_id  integer,
  -- a deleted line stays as a row so that its dialogues' history still names it
  deleted_at      timestamptz,
  deleted_by      integer
);
create index lines_live_active_idx on lines(active, id) where deleted_at is null;
create index lines_live_name_idx on lines(line_name, id) where deleted_at is null;

-- The queue as configured, in order (the order matters for QUEUE_TYPE=strictly).
-- Departments are expanded to their employees when the queue is read.
create table line_queue (
  id          serial primary key,
  line_id     integer not null references lines(id) on delete cascade,
  sort        integer not null,
  entity_type text not null check (entity_type in ('user', 'department')),
  entity_id   integer not null,
  unique (line_id, sort)
);
-- "which lines is this user (or department) queued on": access checks and list visibility
create index line_queue_entity_idx on line_queue(entity_type, entity_id, line_id);

-- Rights given to users beyond the queue (see docs/lines.md, "Who may do what").
-- line_id null: every line, including creating new ones.
create table line_grants (
  id          serial primary key,
  user_id     integer not null references users(id) on delete cascade,
  line_id     integer references lines(id) on delete cascade,
  role        text not null check (role in ('manager', 'supervisor')),
  granted_by  integer not null,
  granted_at  timestamptz not null
);
create unique index line_grants_user_line_uq on line_grants(user_id, coalesce(line_id, 0));
create index line_grants_line_idx on line_grants(line_id);
