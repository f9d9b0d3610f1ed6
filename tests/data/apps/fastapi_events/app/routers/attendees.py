from fastapi import APIRouter, Depends, Form
from sqlalchemy.orm import Session

from ..models import Attendee, CheckInEvent, Registration
from ..schemas import AttendeeIn, AttendeeOut

router = APIRouter()


@router.post("/attendees", response_model=AttendeeOut)
def register(body: AttendeeIn, db: Session = Depends(get_db)):
    attendee = Attendee(email=body.email, full_name=body.full_name, dietary_requirements=body.dietary_requirements)
    db.add(attendee)
    db.commit()
    return attendee


@router.post("/checkin")
def check_in(email: str = Form(...), phone_number: str = Form(None), db: Session = Depends(get_db)):
    attendee = db.query(Attendee).filter(Attendee.email == email).one()
    db.add(CheckInEvent(attendee_id=attendee.id))
    db.commit()
    return {"name": attendee.full_name}


@router.delete("/attendees/{attendee_id}")
def leave(attendee_id: int, db: Session = Depends(get_db)):
    attendee = db.get(Attendee, attendee_id)
    attendee.is_deleted = True
    db.commit()


@router.get("/catering")
def catering(db: Session = Depends(get_db)):
    return [a.dietary_requirements for a in db.query(Attendee).all()]
