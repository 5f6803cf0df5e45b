-- Signed visitor identities: each line's HMAC secret, and the site's own user id a visitor proved.
-- The secret is kept readable (the server must compute the same HMAC); only administrators of the line read it.
CREATE TABLE widget_secrets (
  line_id integer PRIMARY KEY,
  secret text NOT NULL,
  updated_at timestamptz NOT NULL
);
ALTER TABLE widget_visitors ADD COLUMN external_id text;
ALTER TABLE widget_visitors ADD COLUMN email text NOT NULL DEFAULT '';
CREATE INDEX widget_visitors_external ON widget_visitors (line_id, external_id) WHERE external_id IS NOT NULL;
