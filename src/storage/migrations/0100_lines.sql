-- Open lines: settings, queues, and who may manage which line.

-- One column per setting (names: the camelCase keys of LineFields in
-- src/lines/lines.types.ts, in snake_case), so that config.list.get filters
-- and sorts on any of them without unpacking documents.
create table lines (
  id                                serial primary key,
  active                            boolean not null,
  line_name                         text not null,
  xml_id                            text,
  crm                               boolean not null,
  crm_create                        text not null,
  crm_create_second                 text not null,
  crm_create_third                  boolean not null,
  crm_forward                       boolean not null,
  crm_chat_tracker                  boolean not null,
  crm_transfer_change               boolean not null,
  crm_source                        text not null,
  queue_type                        text not null,
  queue_time                        integer not null,
  no_answer_time                    integer not null,
  check_available                   boolean not null,
  watch_typing                      boolean not null,
  welcome_bot_enable                boolean not null,
  welcome_bot_join                  text not null,
  welcome_bot_id                    integer,
  welcome_bot_time                  integer not null,
  welcome_bot_left                  text not null,
  welcome_message                   boolean not null,
  welcome_message_text              text not null,
  send_welcome_each_session         boolean not null,
  vote_message                      boolean not null,
  vote_time_limit                   integer not null,
  vote_before_finish                boolean not null,
  vote_closing_delay                boolean not null,
  vote_message1_text                text not null,
  vote_message1_like                text not null,
  vote_message1_dislike             text not null,
  vote_message2_text                text not null,
  vote_message2_like                text not null,
  vote_message2_dislike             text not null,
  agreement_message                 boolean not null,
  agreement_id                      integer,
  category_enable                   boolean not null,
  category_id                       integer,
  no_answer_rule                    text not null,
  no_answer_form_id                 integer,
  no_answer_bot_id                  integer,
  no_answer_text                    text not null,
  worktime_enable                   boolean not null,
  worktime_from                     text not null,
  worktime_to                       text not null,
  worktime_timezone                 text not null,
  worktime_holidays                 text[] not null,
  worktime_dayoff                   text[] not null,
  worktime_dayoff_rule              text not null,
  worktime_dayoff_form_id           integer,
  worktime_dayoff_bot_id            integer,
  worktime_dayoff_text              text not null,
  close_rule                        text not null,
  close_form_id                     integer,
  close_bot_id                      integer,
  close_text                        text not null,
  full_close_time                   integer not null,
  auto_close_rule                   text not null,
  auto_close_form_id                integer,
  auto_close_bot_id                 integer,
  auto_close_time                   integer not null,
  auto_close_text                   text not null,
  auto_expire_time                  integer not null,
  temporary                         boolean not null,
  language_id                       text not null,
  quick_answers_iblock_id           integer,
  session_priority                  integer not null,
  type_max_chat                     text not null,
  max_chat                          integer not null,
  operator_data                     text not null,
  default_operator_data             jsonb,
  kpi_first_answer_time             integer not null,
  kpi_first_answer_alert            boolean not null,
  kpi_first_answer_list             integer[],
  kpi_first_answer_text             text not null,
  kpi_further_answer_time           integer not null,
  kpi_further_answer_alert          boolean not null,
  kpi_further_answer_list           integer[],
  kpi_further_answer_text           text not null,
  kpi_check_operator_activity       boolean not null,
  send_notification_empty_queue     boolean not null,
  use_welcome_form                  boolean not null,
  welcome_form_id                   integer,
  welcome_form_delay                boolean not null,
  confirm_close                     boolean not null,
  ignore_welcome_form_responsible   boolean not null,
  -- per-operator display data for OPERATOR_DATA=queue, keyed by user id
  queue_users_fields                jsonb not null default '{}',
  version                           integer not null default 1,
  created_at                        timestamptz not null,
  modified_at                       timestamptz not null,
  modify_user_id                    integer,
  -- a deleted line stays as a row so that its dialogues' history still names it
  deleted_at                        timestamptz,
  deleted_by                        integer
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
