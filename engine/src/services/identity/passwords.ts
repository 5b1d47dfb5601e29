// Password hashing (argon2id, the library's defaults: 19 MiB, 2 passes — OWASP's minimum), the
// password policy, and one-time passwords for first start and admin resets.
import { randomInt } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import type { ErrorDetail } from '#engine/core/errors.ts';

export const MIN_PASSWORD_LENGTH = 10;
export const MAX_PASSWORD_LENGTH = 256;

export function hashPassword(password: string): Promise<string> {
  return hash(password); // argon2id is the library's default algorithm
}

export async function verifyPassword(stored: string, password: string): Promise<boolean> {
  try {
    return await verify(stored, password);
  } catch {
    return false; // a malformed stored hash never verifies
  }
}

// Verifying against this when the login does not exist keeps both answers equally slow, so the
// timing does not tell which login names exist.
let dummyHash: Promise<string> | null = null;
export function verifyDummy(password: string): Promise<boolean> {
  dummyHash ??= hash('not-a-real-password-but-the-same-cost');
  return dummyHash.then((h) => verifyPassword(h, password)).then(() => false);
}

// No 0/O, 1/l/I: one-time passwords are read off a console and typed.
const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789';

/** A random one-time password: 4 groups of 4 (≈ 93 bits). */
export function generatePassword(): string {
  const groups: string[] = [];
  for (let g = 0; g < 4; g++) {
    let s = '';
    for (let i = 0; i < 4; i++) s += ALPHABET[randomInt(ALPHABET.length)];
    groups.push(s);
  }
  return groups.join('-');
}

export function passwordProblems(password: string, login: string, path = '/newPassword'): ErrorDetail[] {
  const problems: ErrorDetail[] = [];
  if ([...password].length < MIN_PASSWORD_LENGTH)
    problems.push({
      path,
      message: `at least ${MIN_PASSWORD_LENGTH} characters`,
      messageZh: `至少 ${MIN_PASSWORD_LENGTH} 个字符`,
    });
  if (password.length > MAX_PASSWORD_LENGTH)
    problems.push({
      path,
      message: `at most ${MAX_PASSWORD_LENGTH} characters`,
      messageZh: `最多 ${MAX_PASSWORD_LENGTH} 个字符`,
    });
  if (password.toLowerCase().includes(login.toLowerCase()))
    problems.push({ path, message: 'must not contain the login name', messageZh: '不能包含登录名' });
  return problems;
}
