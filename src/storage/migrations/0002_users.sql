-- Users and company structure, as user.* and department.* need them.

-- TIMESTAMP_X of user.get: when the profile last changed.
alter table users add column updated_at timestamptz not null default now();

-- "There can only be one top-level department in the company structure" (department.add),
-- held by the database so that two concurrent calls cannot both create one.
create unique index departments_single_root on departments ((parent_id is null)) where parent_id is null;
