from services.models.catalogue import Category, Charge, EvidenceRating, Service
from services.models.contacts import Contact, ContactAdult, ContactChild, ContactKind
from services.models.sessions import Booking, DropInVisit, Session, SessionSeries

__all__ = [
    "Booking",
    "Category",
    "Charge",
    "Contact",
    "ContactAdult",
    "ContactChild",
    "ContactKind",
    "DropInVisit",
    "EvidenceRating",
    "Service",
    "Session",
    "SessionSeries",
]
