-- The outbox tables keep their references by their writers, not by foreign keys.
-- A delivery is written in the same statement as its event, and an attempt by
-- the worker that holds its delivery; retention deletes attempts, deliveries
-- and then unreferenced events, in that order (events/delivery.repo.ts). The
-- keys cost every event two referential checks, and each check locks the
-- referenced row, which PostgreSQL writes to the WAL: about a tenth of the
-- database's work per delivered event.
alter table event_deliveries drop constraint if exists event_deliveries_event_id_fkey;
alter table event_delivery_attempts drop constraint if exists event_delivery_attempts_delivery_id_fkey;
