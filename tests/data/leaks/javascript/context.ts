import { logger } from "./log";

export async function resetPassword(account: { id: string; email: string }, mailer: any) {
  const token = await mailer.createToken(account.id);
  logger.info(`reset token ${token}`); // expect: pii-in-logs
  logger.info(`reset token issued for ${account.id}`); // ok: an id
}

export function tokenize(source: string) {
  const token = source.slice(0, 1);
  logger.debug(`lexer token ${token}`); // ok: a lexer token, not a credential
}
