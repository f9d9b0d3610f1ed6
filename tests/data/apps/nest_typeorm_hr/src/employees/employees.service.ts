import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { CreateEmployeeDto } from './create-employee.dto';
import { Employee } from './employee.entity';

@Injectable()
export class EmployeesService {
  constructor(@InjectRepository(Employee) private readonly employees: Repository<Employee>) {}

  create(dto: CreateEmployeeDto) {
    return this.employees.save(this.employees.create({ email: dto.email, fullName: dto.fullName, homeAddress: dto.homeAddress, religion: dto.religion }));
  }

  async directory() {
    const all = await this.employees.find();
    return all.map((e) => ({ name: e.fullName, email: e.email }));
  }

  offboard(id: number) {
    return this.employees.softDelete(id);
  }
}
