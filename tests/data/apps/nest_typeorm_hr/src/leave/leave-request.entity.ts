import { Column, Entity, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Employee } from '../employees/employee.entity';

@Entity('leave_requests')
export class LeaveRequest {
  @PrimaryGeneratedColumn()
  id: number;

  @ManyToOne(() => Employee, (e) => e.leaveRequests, { onDelete: 'CASCADE' })
  employee: Employee;

  @Column()
  startsOn: Date;

  @Column()
  reason: string;
}
