-- crm.*.list on large tables: exact totals without counting the matches,
-- and indexes that hand out a page of the documented everyday lists in order.

-- How many objects each responsible user has, by "available to everyone"
-- flag and by lead status / deal stage ('' for contacts and companies).
-- A total whose filter names only these columns (and the reader's own and
-- opened objects) is a sum over at most a few thousand rows, exact, in the
-- same transaction as the change. Kept by statement triggers on the object
-- tables; an update that moves no object between keys writes nothing here.
create table crm_counts (
  entity_type     smallint not null,
  assigned_by_id  integer not null,
  opened          boolean not null,
  stage           text not null,
  n               bigint not null,
  primary key (entity_type, assigned_by_id, opened, stage)
);

-- tg_argv: the table's entity type id, and the SQL of its stage (a column name or '''').
-- Keys are written in sorted order, so two transactions moving objects between
-- the same keys lock the counter rows in the same order and never deadlock.
create function crm_counts_apply() returns trigger language plpgsql as $$
declare
  rows_sql text;
begin
  rows_sql := case tg_op
    when 'INSERT' then format('select assigned_by_id, opened, %s as stage, 1 as d from nt', tg_argv[1])
    when 'DELETE' then format('select assigned_by_id, opened, %s as stage, -1 as d from ot', tg_argv[1])
    else format('select assigned_by_id, opened, %1$s as stage, 1 as d from nt union all select assigned_by_id, opened, %1$s, -1 from ot', tg_argv[1])
  end;
  execute format(
    'insert into crm_counts (entity_type, assigned_by_id, opened, stage, n)
       select %s, assigned_by_id, opened, stage, sum(d) from (%s) c
       group by assigned_by_id, opened, stage having sum(d) <> 0
       order by assigned_by_id, opened, stage
     on conflict (entity_type, assigned_by_id, opened, stage) do update set n = crm_counts.n + excluded.n',
    tg_argv[0], rows_sql);
  return null;
end $$;

do $$
declare
  t record;
begin
  for t in select * from (values ('crm_leads', 1, 'status_id'), ('crm_deals', 2, 'stage_id'), ('crm_contacts', 3, ''''''), ('crm_companies', 4, '''''')) v(tbl, et, stage) loop
    execute format('insert into crm_counts select %s, assigned_by_id, opened, %s, count(*) from %I group by 2, 3, 4', t.et, t.stage, t.tbl);
    execute format('create trigger %I after insert on %I referencing new table as nt for each statement execute function crm_counts_apply(%L, %L)', t.tbl || '_counts_ins', t.tbl, t.et, t.stage);
    execute format('create trigger %I after update on %I referencing old table as ot new table as nt for each statement execute function crm_counts_apply(%L, %L)', t.tbl || '_counts_upd', t.tbl, t.et, t.stage);
    execute format('create trigger %I after delete on %I referencing old table as ot for each statement execute function crm_counts_apply(%L, %L)', t.tbl || '_counts_del', t.tbl, t.et, t.stage);
  end loop;
end $$;

-- "My leads in this status, newest first" and "all leads in this status, newest
-- first" (and the same for deal stages): read in index order, a page costs a page.
create index crm_leads_assigned_status_created_idx on crm_leads(assigned_by_id, status_id, date_create, id);
create index crm_leads_status_created_idx on crm_leads(status_id, date_create, id);
create index crm_deals_assigned_stage_created_idx on crm_deals(assigned_by_id, stage_id, date_create, id);
create index crm_deals_stage_created_idx on crm_deals(stage_id, date_create, id);
