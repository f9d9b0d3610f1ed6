from pydantic import BaseModel, EmailStr


class AttendeeIn(BaseModel):
    email: EmailStr
    full_name: str
    dietary_requirements: str | None = None
    health_conditions: str | None = None


class AttendeeOut(BaseModel):
    id: int
    email: EmailStr
    full_name: str
