/**
 * The caller card's notices, as one column of the card's statement (never a second round trip): the active
 * notices tagged with the caller's district or with a topic of their open requests, newest first. `who` is the
 * card's citizen and $4 the open statuses. Untagged notices are for everyone and live in the console's list.
 */
export const CARD_NOTICES_LIMIT = 5;

export const CARD_NOTICES_SQL = `(SELECT coalesce(json_agg(json_build_object('id', n.id, 'title', n.title) ORDER BY n.valid_from DESC, n.id DESC), '[]')
     FROM (SELECT n.id, n.title, n.valid_from FROM notices n
            WHERE n.valid_from <= now() AND n.valid_until > now()
              AND ((SELECT district FROM who) = ANY(n.district_codes)
                   OR n.topic_codes && ARRAY(SELECT r.topic_code::varchar FROM requests r
                                              WHERE r.citizen_id = (SELECT id FROM who) AND r.status = ANY($4)))
            ORDER BY n.valid_from DESC, n.id DESC LIMIT ${CARD_NOTICES_LIMIT}) n)`;
