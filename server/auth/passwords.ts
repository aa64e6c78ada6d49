/** Password bounds, shared by better-auth's options and the setup/user-management inputs. */
export const MIN_PASSWORD_LENGTH = 10;
export const MAX_PASSWORD_LENGTH = 128;
