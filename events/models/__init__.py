from .pages import ProgrammePage, Speaker, WebinarPage
from .sessions import Session, SessionQuerySet
from .taxonomy import Community, Organiser, OrganiserType, Theme

__all__ = [
    "Community",
    "Organiser",
    "OrganiserType",
    "ProgrammePage",
    "Session",
    "SessionQuerySet",
    "Speaker",
    "Theme",
    "WebinarPage",
]
