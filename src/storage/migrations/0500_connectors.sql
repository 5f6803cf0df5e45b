-- Connectors that applications register (imconnector.register), and where they are active.
CREATE TABLE connectors (
  id text PRIMARY KEY,
  app_id integer NOT NULL,
  name text NOT NULL,
  icon jsonb NOT NULL,
  icon_disabled jsonb,
  placement_handler text NOT NULL,
  del_external_messages boolean NOT NULL DEFAULT true,
  edit_internal_messages boolean NOT NULL DEFAULT true,
  del_internal_messages boolean NOT NULL DEFAULT true,
  newsletter boolean NOT NULL DEFAULT true,
  need_system_messages boolean NOT NULL DEFAULT true,
  need_signature boolean NOT NULL DEFAULT true,
  chat_group boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);
CREATE INDEX connectors_app ON connectors (app_id);

-- A connector on a line: active or not, and the channel settings of connector.data.set.
CREATE TABLE connector_lines (
  connector_id text NOT NULL,
  line_id integer NOT NULL,
  active boolean NOT NULL DEFAULT false,
  data jsonb,
  updated_at timestamptz NOT NULL,
  PRIMARY KEY (connector_id, line_id)
);
CREATE INDEX connector_lines_line ON connector_lines (line_id);

-- What a connector reported about our messages it carried out: its own ids, delivery and reading.
CREATE TABLE connector_outgoing (
  message_id bigint PRIMARY KEY,
  chat_id integer NOT NULL,
  external_ids jsonb NOT NULL DEFAULT '[]',
  delivered_at timestamptz,
  updated_at timestamptz NOT NULL
);
