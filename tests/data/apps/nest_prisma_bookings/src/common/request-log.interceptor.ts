import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from "@nestjs/common";
import { Observable, tap } from "rxjs";
import { PrismaService } from "../prisma.service";

// Every request, kept for debugging: the header map goes in whole, cookies and
// `Authorization` included.
@Injectable()
export class RequestLogInterceptor implements NestInterceptor {
  constructor(private readonly prisma: PrismaService) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const http = context.switchToHttp();
    const req = http.getRequest();
    const res = http.getResponse();
    const { method, originalUrl, headers } = req;
    return next.handle().pipe(
      tap(() => {
        void this.prisma.requestLog.create({
          data: { method, path: originalUrl, statusCode: res.statusCode, headers },
        });
      }),
    );
  }
}
