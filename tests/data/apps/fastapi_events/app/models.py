from sqlalchemy import Boolean, Column, DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import declarative_base, relationship

Base = declarative_base()


class Attendee(Base):
    __tablename__ = "attendees"
    id = Column(Integer, primary_key=True)
    email = Column(String, unique=True)
    full_name = Column(String)
    dietary_requirements = Column(String)
    is_deleted = Column(Boolean, default=False)
    registrations = relationship("Registration", back_populates="attendee")


class Registration(Base):
    __tablename__ = "registrations"
    id = Column(Integer, primary_key=True)
    attendee_id = Column(Integer, ForeignKey("attendees.id", ondelete="CASCADE"))
    event_id = Column(Integer, ForeignKey("events.id"))
    attendee = relationship("Attendee", back_populates="registrations")


class Event(Base):
    __tablename__ = "events"
    id = Column(Integer, primary_key=True)
    title = Column(String)
    venue_address = Column(Text)


class CheckInEvent(Base):
    __tablename__ = "check_in_events"
    id = Column(Integer, primary_key=True)
    attendee_id = Column(Integer, ForeignKey("attendees.id", ondelete="CASCADE"))
    at = Column(DateTime)
