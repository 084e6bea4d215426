from services.models.catalogue import Category, Charge, EvidenceRating, Service
from services.models.contacts import Contact, ContactAdult, ContactChild, ContactKind
from services.models.expertise import Setting, TrainingAttendance, TrainingEvent
from services.models.hub import Room, RoomBooking, Volunteer, VolunteerHours
from services.models.money import Budget, Spend, financial_year_bounds, financial_year_label, financial_year_of
from services.models.parents import Feedback, ForumMeeting, ForumMember, ParentForum, YouSaidWeDid
from services.models.sessions import Booking, DropInVisit, Session, SessionSeries

__all__ = [
    "Booking",
    "Budget",
    "Category",
    "Charge",
    "Contact",
    "ContactAdult",
    "ContactChild",
    "ContactKind",
    "DropInVisit",
    "EvidenceRating",
    "Feedback",
    "ForumMeeting",
    "ForumMember",
    "ParentForum",
    "Room",
    "RoomBooking",
    "Service",
    "Session",
    "SessionSeries",
    "Setting",
    "Spend",
    "TrainingAttendance",
    "TrainingEvent",
    "Volunteer",
    "VolunteerHours",
    "YouSaidWeDid",
    "financial_year_bounds",
    "financial_year_label",
    "financial_year_of",
]
