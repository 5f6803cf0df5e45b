-- Every outbox row wakes the realtime feeds of all server processes once its transaction commits
-- (NOTIFY is delivered at commit, never for a rolled-back change). The channel names the schema,
-- so that stores sharing one PostgreSQL (tests, several installations) do not wake each other.
create or replace function openlines_event_notify() returns trigger language plpgsql as $$
begin
  perform pg_notify('ol_' || tg_table_schema, new.id::text);
  return null;
end $$;

create trigger events_realtime_notify after insert on events for each row execute function openlines_event_notify();
