import { Body, Controller, Delete, Get, Param, Post } from '@nestjs/common';
import { CreateEmployeeDto } from './create-employee.dto';
import { EmployeesService } from './employees.service';

@Controller('employees')
export class EmployeesController {
  constructor(private readonly service: EmployeesService) {}

  @Post()
  create(@Body() dto: CreateEmployeeDto) {
    return this.service.create(dto);
  }

  @Get()
  directory() {
    return this.service.directory();
  }

  @Delete(':id')
  offboard(@Param('id') id: string) {
    return this.service.offboard(Number(id));
  }
}
