// Store collections of identity and access (one place, so backups and tests can name them).
export const USERS = 'users';
export const DEPARTMENTS = 'departments';
export const ROLES = 'roles';
/** Password hashes, apart from the user documents so no user read can ever return one. */
export const CREDENTIALS = 'credentials';
export const SESSIONS = 'sessions';
/** Failed-login counters and lockouts, per login name and per client address. */
export const LOGIN_GUARDS = 'login_guards';
/** API tokens of service accounts (Camunda's clients, job workers): their SHA-256, never the token. */
export const API_TOKENS = 'api_tokens';
