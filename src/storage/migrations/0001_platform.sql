-- Users, departments and incoming webhooks: what every call is checked against.

create table departments (
  id          serial primary key,
  name        text not null,
  sort        integer not null default 500,
  parent_id   integer references departments(id) on delete restrict,
  head_id     integer,
  created_at  timestamptz not null default now()
);
create index departments_parent_idx on departments(parent_id);

create table users (
  id              serial primary key,
  active          boolean not null default true,
  -- employee | extranet | email | bot | imconnector | network (customers of lines are not employees)
  user_type       text not null default 'employee',
  is_admin        boolean not null default false,
  name            text not null default '',
  last_name       text not null default '',
  second_name     text not null default '',
  email           text not null default '',
  xml_id          text,
  work_position   text not null default '',
  personal_gender text not null default '',
  personal_birthday date,
  personal_phone  text not null default '',
  personal_mobile text not null default '',
  personal_city   text not null default '',
  personal_www    text not null default '',
  personal_photo  text,
  work_phone      text not null default '',
  time_zone       text not null default '',
  departments     integer[] not null default '{}',
  extra           jsonb not null default '{}',
  password_hash   text,
  date_register   timestamptz not null default now(),
  last_login      timestamptz,
  is_online       boolean not null default false,
  last_activity   timestamptz
);
create index users_email_idx on users(lower(email)) where email <> '';
create index users_departments_idx on users using gin(departments);
create index users_type_idx on users(user_type, id);

create table webhooks (
  id          serial primary key,
  user_id     integer not null references users(id) on delete cascade,
  title       text not null default '',
  -- only a hash of the code is stored; the code is shown once when created
  code_hash   text not null unique,
  code_hint   text not null,
  scopes      text[] not null,
  created_at  timestamptz not null default now(),
  revoked_at  timestamptz
);
create index webhooks_user_idx on webhooks(user_id);
