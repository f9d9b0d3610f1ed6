import { Injectable } from '@nestjs/common';
import { PrismaService } from '../prisma.service';
import { CreateGuestDto } from './create-guest.dto';

@Injectable()
export class GuestsService {
  constructor(private readonly prisma: PrismaService) {}

  register(dto: CreateGuestDto, ip: string) {
    return this.prisma.$transaction(async (tx) => {
      const guest = await tx.guest.create({
        data: { email: dto.email, fullName: dto.fullName, phone: dto.phone, passportNo: dto.passportNo },
      });
      await tx.auditEvent.create({ data: { guestId: guest.id, action: 'register', ipAddress: ip } });
      return { id: guest.id, name: guest.fullName, email: guest.email, phone: guest.phone };
    });
  }

  forget(id: number) {
    return this.prisma.guest.delete({ where: { id } });
  }
}
