-- Sessions from before search_text existed: label, instance names and error messages, lower-cased (lib/search/search-text.ts).
UPDATE "sync_sessions" s SET "search_text" = left(lower(concat_ws(' ',
  s.label,
  (select string_agg(distinct i.name, ' ') from instance_records r join instances i on i.id = r.instance_id where r.sync_session_id = s.id),
  (select string_agg(distinct r.error_message, ' ') from instance_records r where r.sync_session_id = s.id and r.error_message is not null)
)), 4000)
WHERE s."search_text" = '';
