-- Network lines: federation between openlines servers (src/network).

-- Servers this one talks to: its id as the other server names itself
-- (NETWORK_SERVER_ID there), its base URL and the key both sides share.
create table network_peers (
  id          text primary key,
  base_url    text not null,
  shared_key  text not null,
  created_at  timestamptz not null,
  updated_at  timestamptz not null
);

-- Lines this server publishes to its peers, each under a 32-character code.
create table network_lines (
  code        char(32) primary key,
  line_id     integer not null unique,
  created_by  integer not null,
  created_at  timestamptz not null
);

-- Lines of peers joined here: the network bot (a users row) that stands for the line.
create table network_joins (
  code        char(32) primary key,
  peer_id     text not null,
  bot_id      integer not null references users(id) on delete cascade,
  line_name   text not null,
  joined_by   integer not null,
  created_at  timestamptz not null
);
create unique index network_joins_bot_idx on network_joins(bot_id);

-- Messages to peers, sent in order per conversation and retried until the peer takes them.
create table network_outbox (
  id          bigserial primary key,
  peer_id     text not null,
  -- messages of one conversation are sent one after another, in id order
  conv        text not null,
  path        text not null,
  body        jsonb not null,
  message_id  text not null,
  -- pending | sent | refused
  state       text not null default 'pending',
  attempts    integer not null default 0,
  next_at     timestamptz not null,
  last_error  text,
  created_at  timestamptz not null,
  sent_at     timestamptz
);
create index network_outbox_due_idx on network_outbox(next_at) where state = 'pending';
create index network_outbox_conv_idx on network_outbox(peer_id, conv, id) where state = 'pending';

-- Message ids already taken from each peer: a replayed or retried request changes nothing.
create table network_seen (
  peer_id     text not null,
  message_id  text not null,
  seen_at     timestamptz not null,
  primary key (peer_id, message_id)
);
create index network_seen_age_idx on network_seen(seen_at);

-- imopenlines.network.message.add: one message a week per line and user.
create table network_notices (
  line_id     integer not null,
  user_id     integer not null,
  sent_at     timestamptz not null,
  primary key (line_id, user_id)
);
