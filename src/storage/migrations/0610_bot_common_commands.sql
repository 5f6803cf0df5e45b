-- COMMON=Y commands answer in every chat: a customer's or operator's /word finds them by the word.
create index bot_commands_common_idx on bot_commands(lower(command)) where common;
