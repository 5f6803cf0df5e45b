-- Outbox rows are announced by the process that wrote them, after its transaction commits,
-- batched into one NOTIFY statement outside any transaction (storage/commit-hooks.ts, realtime/feed.ts).
-- A NOTIFY sent by the writing transaction itself, as this trigger did, makes every such commit
-- wait its turn on one database-wide lock held through the commit's WAL flush.
drop trigger if exists events_realtime_notify on events;
drop function if exists openlines_event_notify();
