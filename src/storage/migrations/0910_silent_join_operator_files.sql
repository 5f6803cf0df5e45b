-- Silent join (imopenlines.session.join with SILENT=Y): a supervisor in the chat whom the customer is not told
-- about. Their messages, typing and read marks stay among operators until they join visibly or take the dialogue.
alter table chat_members add column silent boolean not null default false;

-- Files operators send (openlines.message.file.add) live beside the visitors' files, so the widget and its
-- download route serve both the same way: no visitor then, the operator's user id instead.
alter table widget_files alter column visitor_id drop not null;
alter table widget_files add column author_id integer;
