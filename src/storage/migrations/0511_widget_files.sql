-- Files website visitors send through the widget. The bytes live in the database (bytea, TOASTed out of line),
-- so that any number of server processes on one PostgreSQL serve them without a shared disk, and a backup of
-- the database holds them. Files are small (WIDGET_FILE_MAX_BYTES, 10 MB by default), so one row each suffices.
CREATE TABLE widget_files (
  id serial PRIMARY KEY,
  line_id integer NOT NULL,
  visitor_id integer NOT NULL,
  chat_id integer,
  message_id bigint,
  name text NOT NULL,
  mime text NOT NULL,
  size integer NOT NULL,
  content bytea NOT NULL,
  created_at timestamptz NOT NULL
);
CREATE INDEX widget_files_chat ON widget_files (chat_id, message_id);
