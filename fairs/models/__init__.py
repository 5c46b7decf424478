from .board import (
    CvView,
    EducationLevel,
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
    "Post",
    "Publication",
    "Reaction",
    "Region",
    "Sector",
]
