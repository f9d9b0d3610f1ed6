import { Column, DeleteDateColumn, Entity, OneToMany, PrimaryGeneratedColumn } from 'typeorm';
import { LeaveRequest } from '../leave/leave-request.entity';

@Entity('employees')
export class Employee {
  @PrimaryGeneratedColumn()
  id: number;

  @Column()
  email: string;

  @Column()
  fullName: string;

  @Column({ nullable: true })
  homeAddress: string;

  @Column({ nullable: true })
  religion: string;

  @DeleteDateColumn()
  deletedAt?: Date;

  @OneToMany(() => LeaveRequest, (r) => r.employee)
  leaveRequests: LeaveRequest[];
}
