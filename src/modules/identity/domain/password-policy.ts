export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_LENGTH = 128;

/** NIST SP 800-63B: the same characters typed on two keyboards must be the same password. */
export const normalizePassword = (password: string): string => password.normalize('NFKC');

export interface PasswordContext {
  email: string;
  displayName: string;
  isCommon: (candidate: string) => boolean;
}

/**
 * NIST SP 800-63B §5.1.1.2: length is what matters (8 to 128 characters, counted as
 * Unicode code points, every character allowed), no composition rules, and a password
 * that is known to be common or is derived from the account itself is refused.
 * Returns the reasons it is refused; empty means acceptable.
 */
export function passwordViolations(password: string, context: PasswordContext): string[] {
  const normalized = normalizePassword(password);
  const length = [...normalized].length;
  if (length < PASSWORD_MIN_LENGTH) return [`must be at least ${PASSWORD_MIN_LENGTH} characters long`];
  if (length > PASSWORD_MAX_LENGTH) return [`must be at most ${PASSWORD_MAX_LENGTH} characters long`];
  const lowered = normalized.toLowerCase();
  if (context.isCommon(lowered)) return ['is one of the most common passwords; choose another'];
  const localPart = context.email.split('@')[0];
  const personal = [context.email, localPart, context.displayName.toLowerCase()].filter((v) => v.length >= 4);
  if (personal.includes(lowered)) return ['must not be your e-mail address or name'];
  if (/^(.)\1+$/u.test(normalized)) return ['must not be one character repeated'];
  return [];
}
