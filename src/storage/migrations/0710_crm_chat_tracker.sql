-- CRM_CHAT_TRACKER: contact details a customer wrote in a dialogue and what
-- the CRM did with them (bound the chat to the object holding them, or added
-- them to the chat's object).
create table crm_chat_tracker (
  id          serial primary key,
  chat_id     integer not null references chats(id) on delete cascade,
  session_id  integer not null,
  message_id  integer not null,
  action      text not null,
  entity_type text not null,
  entity_id   integer not null,
  field       text not null,
  value       text not null,
  created_at  timestamptz not null
);
create index crm_chat_tracker_chat_idx on crm_chat_tracker(chat_id, id);
