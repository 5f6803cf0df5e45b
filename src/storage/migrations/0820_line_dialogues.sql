-- openlines.dialogue.list: a line's open dialogues, newest first, without reading its closed ones.
create index sessions_line_open_idx on sessions (line_id, id desc) where status <> 'closed';
