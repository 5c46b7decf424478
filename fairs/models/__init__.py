from .board import (
    CvView,
    EducationLevel,
    PitchDraft,
    Post,
    Publication,
    Reaction,
    Sector,
)
from .calendar import Edition, EditionQuerySet, Region

__all__ = [
    "CvView",
    "Edition",
    "EditionQuerySet",
    "EducationLevel",
    "PitchDraft",
    "Post",
    "Publication",
    "Reaction",
    "Region",
    "Sector",
]
