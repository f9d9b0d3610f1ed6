import { Injectable } from '@nestjs/common';
import { PrismaService } from '../prisma.service';

@Injectable()
export class BookingsService {
  constructor(private readonly prisma: PrismaService) {}

  upcoming() {
    return this.prisma.booking.findMany({ where: { checkIn: { gte: new Date() } }, include: { guest: true } });
  }
}
