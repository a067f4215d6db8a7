/** The single user of local mode (no sign-in provider configured). */
export const LOCAL_USER_ID = "local";
