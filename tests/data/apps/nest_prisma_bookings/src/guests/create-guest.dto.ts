import { IsEmail, IsOptional, IsString } from 'class-validator';

export class CreateGuestDto {
  @IsEmail()
  email: string;

  @IsString()
  fullName: string;

  @IsOptional()
  @IsString()
  phone?: string;

  @IsOptional()
  @IsString()
  passportNo?: string;

  @IsOptional()
  @IsString()
  dateOfBirth?: string;
}
