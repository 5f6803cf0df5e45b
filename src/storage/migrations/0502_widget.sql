-- Website widget visitors: a guest identity the browser keeps (only its hash is stored).
CREATE TABLE widget_visitors (
  id serial PRIMARY KEY,
  line_id integer NOT NULL,
  token_hash text NOT NULL UNIQUE,
  name text NOT NULL DEFAULT '',
  created_at timestamptz NOT NULL,
  last_seen_at timestamptz NOT NULL
);
