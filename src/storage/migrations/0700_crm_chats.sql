-- Chats and CRM: which CRM objects an open-line chat is bound to, and a log
-- of every binding and unbinding (a deleted CRM object unbinds its chats,
-- which keep their history).

-- The binding lives on the chat row, as Bitrix24 keeps it in the chat's
-- ENTITY_DATA fields: the dialogue views read it with the chat, no join.
-- Written only by the crm-chats domain; 0 means "not bound".
alter table chats
  add column crm_lead_id    integer not null default 0,
  add column crm_deal_id    integer not null default 0,
  add column crm_contact_id integer not null default 0,
  add column crm_company_id integer not null default 0;

-- imopenlines.crm.chat.get / getLastId look chats up by the object; most
-- chats are bound to few objects, so partial indexes stay small.
create index chats_crm_lead_idx on chats(crm_lead_id, id) where crm_lead_id > 0;
create index chats_crm_deal_idx on chats(crm_deal_id, id) where crm_deal_id > 0;
create index chats_crm_contact_idx on chats(crm_contact_id, id) where crm_contact_id > 0;
create index chats_crm_company_idx on chats(crm_company_id, id) where crm_company_id > 0;

create table crm_chat_log (
  id          serial primary key,
  chat_id     integer not null references chats(id) on delete cascade,
  entity_type text not null,
  entity_id   integer not null,
  -- 'bind' (found or created for a dialogue, or crm.lead.create) or 'unbind'
  action      text not null,
  -- found | created | deleted
  reason      text not null,
  session_id  integer,
  user_id     integer not null default 0,
  created_at  timestamptz not null
);
create index crm_chat_log_chat_idx on crm_chat_log(chat_id, id);
create index crm_chat_log_entity_idx on crm_chat_log(entity_type, entity_id, id);
