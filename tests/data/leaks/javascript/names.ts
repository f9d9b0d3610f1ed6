import { Logger } from "@nestjs/common";

interface User {
  id: string;
  email: string;
  phone: string;
}

const logger = new Logger("users");

export function created(user: User) {
  logger.log(`created ${user.email}`); // expect: pii-in-logs
  logger.log(`created ${user.id}`); // ok: an id
  console.warn("sms to", user.phone); // expect: pii-in-logs
  console.warn("sms queued for", user.id); // ok: an id
}
