-- Outgoing webhooks (local-integrations/local-webhooks.md): an administrator names a handler URL and events;
-- the server sends them there with an application_token to check. Each is an apps row of kind 'webhook', so
-- its events travel the same queue, retries and signature as an application's; it never gets OAuth tokens.
alter table apps add column kind text not null default 'app' check (kind in ('app', 'webhook'));
alter table apps add column handler text not null default '';
