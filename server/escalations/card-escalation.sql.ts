/**
 * The caller card's repeat-call line, as one column of the card's statement: the caller's open request with the
 * most calls attached (at least one: they have called about it before), how many and since when, and whether it
 * is on the supervisor's list. The current call ($3) is not counted. `who` is the card's citizen, $4 the open statuses.
 */
export const CARD_ESCALATION_SQL = `(SELECT json_build_object('requestId', r.id, 'number', r.number, 'calls', k.calls, 'since', coalesce(k.since, r.received_at),
        'marked', EXISTS (SELECT 1 FROM request_escalations e WHERE e.request_id = r.id AND e.resolved_at IS NULL))
     FROM requests r
     CROSS JOIN LATERAL (SELECT count(*)::int AS calls, min(coalesce(c.queued_at, c.offered_at, c.answered_at)) AS since
                           FROM call_requests cr JOIN calls c ON c.id = cr.call_id WHERE cr.request_id = r.id AND c.id <> $3) k
    WHERE r.citizen_id = (SELECT id FROM who) AND r.status = ANY($4) AND k.calls > 0
    ORDER BY k.calls DESC, k.since DESC LIMIT 1)`;
