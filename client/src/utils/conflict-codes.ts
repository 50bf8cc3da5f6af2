/**
 * Every 409 code the server answers with: each has its own words (`errors.codes.<code>`), so a refusal says
 * what happened instead of "the request has changed" (a supervisor with no phone was told that). A test
 * keeps this list in step with the server's sources and both languages.
 */
export const CONFLICT_CODES = [
  'agent_busy', 'already_registered', 'already_started', 'consultation_full', 'extension_pending', 'external_number_taken',
  'illegal_state', 'illegal_transition', 'interface_taken', 'invalid_number', 'last_admin', 'legal_hold', 'no_interface',
  'nobody_waiting', 'not_callers_request', 'not_in_room', 'not_running', 'official_busy', 'outcome_recorded', 'pbx_refused',
  'queue_login_off', 'reference_changed', 'room_busy', 'user_active', 'user_inactive', 'version_conflict',
  'not_your_call', 'not_recording', 'transfer_in_progress', 'transfer_refused', 'no_transfer', 'target_not_answered',
  'target_unreachable', 'agent_not_on_call', 'spy_in_progress', 'no_phone', 'outage_closed', 'suspicion_decided',
  'api_key_name_taken',
] as const;
