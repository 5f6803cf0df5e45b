-- CRM objects: leads, deals, contacts, companies (crm.*.add/get/list/update/delete/fields).
-- One table per type, with the columns of its entity definition (src/crm/*.schemas.ts);
-- multi-value fields, links and user field definitions are shared tables keyed by the
-- numeric type id (1 lead, 2 deal, 3 contact, 4 company). Flags Y/N are booleans here.
-- Every filter the list methods index (id, responsible, status/stage, dates) has an
-- index ending in id, so a filtered page ordered by id reads only the page.

-- Column groups several object tables share, copied into them with LIKE; the
-- templates themselves vanish when this migration commits.
create temp table crm_cols_owner (
  assigned_by_id  integer not null,
  created_by_id   integer not null,
  modify_by_id    integer not null,
  date_create     timestamptz not null,
  date_modify     timestamptz not null,
  opened          boolean not null default true,
  originator_id   text,
  origin_id       text
) on commit drop;
create temp table crm_cols_address (
  address               text,
  address_2             text,
  address_city          text,
  address_postal_code   text,
  address_region        text,
  address_province      text,
  address_country       text,
  address_country_code  text,
  address_loc_addr_id   integer
) on commit drop;
create temp table crm_cols_tail (
  utm_source          text,
  utm_medium          text,
  utm_campaign        text,
  utm_content         text,
  utm_term            text,
  last_activity_time  timestamptz,
  last_activity_by    integer,
  uf                  jsonb not null default '{}'
) on commit drop;
-- a person: leads and contacts
create temp table crm_cols_person (
  honorific           text,
  name                text,
  second_name         text,
  last_name           text,
  birthdate           date,
  post                text,
  comments            text,
  source_id           text,
  source_description  text
) on commit drop;
-- leads, contacts and companies have multi-value fields and these flags of them
create temp table crm_cols_comms (
  has_phone  boolean not null default false,
  has_email  boolean not null default false,
  has_imol   boolean not null default false
) on commit drop;

create table crm_settings (
  id             boolean primary key default true check (id),
  -- true: every employee reads every object; false: their own and those marked OPENED=Y
  read_all       boolean not null default true,
  base_currency  text not null default 'USD'
);
insert into crm_settings default values;

create table crm_companies (
  id                        serial primary key,
  like crm_cols_owner including defaults,
  company_type              text,
  title                     text not null default '',
  lead_id                   integer,
  banking_details           text,
  industry                  text,
  revenue                   double precision not null default 0,
  currency_id               text,
  employees                 text,
  comments                  text,
  is_my_company             boolean not null default false,
  origin_version            text,
  like crm_cols_address including defaults,
  address_legal             text,
  reg_address               text,
  reg_address_2             text,
  reg_address_city          text,
  reg_address_postal_code   text,
  reg_address_region        text,
  reg_address_province      text,
  reg_address_country       text,
  reg_address_country_code  text,
  reg_address_loc_addr_id   integer,
  like crm_cols_tail including defaults,
  like crm_cols_comms including defaults
);
create index crm_companies_type_idx on crm_companies(company_type, id);

create table crm_leads (
  id                     serial primary key,
  like crm_cols_owner including defaults,
  like crm_cols_person including defaults,
  title                  text,
  company_title          text,
  company_id             integer references crm_companies(id) on delete set null,
  is_return_customer     boolean not null default false,
  status_id              text not null,
  status_description     text,
  status_semantic_id     text not null,
  currency_id            text,
  opportunity            numeric(18,2) not null default 0,
  is_manual_opportunity  boolean not null default false,
  date_closed            timestamptz,
  moved_by_id            integer,
  moved_time             timestamptz,
  like crm_cols_address including defaults,
  like crm_cols_tail including defaults,
  like crm_cols_comms including defaults
);
create index crm_leads_status_idx on crm_leads(status_id, id);
-- "my leads in this status": the operator's everyday list, counted from the index alone
create index crm_leads_assigned_status_idx on crm_leads(assigned_by_id, status_id, id);
create index crm_leads_source_idx on crm_leads(source_id, id);
create index crm_leads_company_idx on crm_leads(company_id) where company_id is not null;

alter table crm_companies add foreign key (lead_id) references crm_leads(id) on delete set null;
create index crm_companies_lead_idx on crm_companies(lead_id) where lead_id is not null;

create table crm_contacts (
  id                     serial primary key,
  like crm_cols_owner including defaults,
  like crm_cols_person including defaults,
  lead_id                integer references crm_leads(id) on delete set null,
  type_id                text,
  export                 boolean not null default true,
  origin_version         text,
  like crm_cols_address including defaults,
  like crm_cols_tail including defaults,
  like crm_cols_comms including defaults
);
create index crm_contacts_type_idx on crm_contacts(type_id, id);
create index crm_contacts_source_idx on crm_contacts(source_id, id);
create index crm_contacts_lead_idx on crm_contacts(lead_id) where lead_id is not null;

create table crm_deals (
  id                     serial primary key,
  like crm_cols_owner including defaults,
  title                  text,
  type_id                text,
  stage_id               text not null,
  stage_semantic_id      text not null,
  category_id            integer not null default 0,
  probability            integer,
  currency_id            text,
  opportunity            numeric(18,2) not null default 0,
  is_manual_opportunity  boolean not null default false,
  tax_value              numeric(18,2) not null default 0,
  lead_id                integer references crm_leads(id) on delete set null,
  company_id             integer references crm_companies(id) on delete set null,
  begindate              date,
  closedate              date,
  closed                 boolean not null default false,
  comments               text,
  additional_info        text,
  location_id            integer,
  is_new                 boolean not null default true,
  is_recurring           boolean not null default false,
  is_return_customer     boolean not null default false,
  is_repeated_approach   boolean not null default false,
  source_id              text,
  source_description     text,
  moved_by_id            integer,
  moved_time             timestamptz,
  like crm_cols_tail including defaults
);
create index crm_deals_stage_idx on crm_deals(stage_id, id);
create index crm_deals_assigned_stage_idx on crm_deals(assigned_by_id, stage_id, id);
create index crm_deals_category_idx on crm_deals(category_id, stage_id, id);
create index crm_deals_source_idx on crm_deals(source_id, id);
create index crm_deals_closedate_idx on crm_deals(closedate, id);
create index crm_deals_company_idx on crm_deals(company_id) where company_id is not null;
create index crm_deals_lead_idx on crm_deals(lead_id) where lead_id is not null;

-- Every object table: lists by responsible user or by date, ordered by id, and user field lookups.
do $$
declare t text;
begin
  foreach t in array array['crm_leads', 'crm_deals', 'crm_contacts', 'crm_companies'] loop
    execute format('create index %I on %I(assigned_by_id, id)', t || '_assigned_idx', t);
    execute format('create index %I on %I(date_create, id)', t || '_created_idx', t);
    execute format('create index %I on %I(date_modify, id)', t || '_modified_idx', t);
    execute format('create index %I on %I using gin(uf jsonb_path_ops)', t || '_uf_idx', t);
  end loop;
end $$;

-- PHONE, EMAIL, WEB, IM, LINK values. value_norm is what lookups compare:
-- digits of a phone, the lowercased address of an e-mail, the trimmed value otherwise.
create table crm_multifields (
  id           serial primary key,
  entity_type  smallint not null,
  element_id   integer not null,
  type_id      text not null,
  value_type   text not null,
  value        text not null,
  value_norm   text not null
);
create index crm_multifields_owner_idx on crm_multifields(entity_type, element_id);
create index crm_multifields_lookup_idx on crm_multifields(type_id, value_norm, entity_type, element_id);

-- Links between objects, stored from their owner: a lead's or deal's contacts,
-- a contact's companies. The owner's lowest sort is its primary link.
create table crm_links (
  owner_type   smallint not null,
  owner_id     integer not null,
  target_type  smallint not null,
  target_id    integer not null,
  sort         integer not null default 0,
  primary key (owner_type, owner_id, target_type, target_id)
);
create index crm_links_target_idx on crm_links(target_type, target_id, owner_type, owner_id);

-- Definitions of user fields (UF_CRM_*); their values live in each object's uf column.
create table crm_user_fields (
  id             serial primary key,
  entity_type    smallint not null,
  field_name     text not null,
  user_type_id   text not null default 'string',
  multiple       boolean not null default false,
  mandatory      boolean not null default false,
  label          text not null default '',
  settings       jsonb not null default '{}',
  sort           integer not null default 100,
  unique (entity_type, field_name)
);
