from .pages import ProgrammePage, Speaker, WebinarPage
from .registrations import Registration
from .sessions import Session, SessionQuerySet
from .taxonomy import Community, Organiser, OrganiserType, Theme

__all__ = [
    "Community",
    "Organiser",
    "OrganiserType",
    "ProgrammePage",
    "Registration",
    "Session",
    "SessionQuerySet",
    "Speaker",
    "Theme",
    "WebinarPage",
]
