-- Quick answers of open lines: saved from a line chat's messages (imopenlines.message.quick.save).

create table quick_answers (
  id          serial primary key,
  line_id     integer not null references lines(id),
  title       text not null,
  text        text not null,
  -- where it was saved from; a message is saved once per line
  chat_id     integer,
  message_id  integer,
  created_by  integer not null,
  created_at  timestamptz not null
);
create index quick_answers_line_idx on quick_answers(line_id, id);
create unique index quick_answers_message_uq on quick_answers(line_id, message_id) where message_id is not null;
