import { Logger } from "@nestjs/common";
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

// Express routes written inline, as most tutorials and many apps do.
router.post("/auth/signin", async (req: Request, res: Response) => {
  logger.debug(`signin request ${JSON.stringify(req.body)}`); // expect: pii-in-logs
  logger.debug(`signin request from ${req.body.username ? "a user" : "nobody"}`); // ok: a flag
  const { token } = req.body;
  logger.info(`verifying ${token}`); // expect: pii-in-logs
  res.json({ ok: true });
});

router.post("/images/resize", async (req: Request, res: Response) => {
  logger.debug(`resize request ${JSON.stringify(req.body)}`); // ok: not about credentials or mail
  const { token } = req.body;
  logger.info(`resize upload ${token}`); // ok: an upload handle, nothing says whose
  res.json({ ok: true });
});

// NestJS's authentication recipe, with a debug line left in.
export class AuthService {
  private readonly logger = new Logger(AuthService.name);

  async signIn(username: string, pass: string) {
    this.logger.debug(`signIn ${username} / ${pass}`); // expect: pii-in-logs
    this.logger.debug(`signIn attempt for ${username.length}-character username`); // ok: a length
  }
}
