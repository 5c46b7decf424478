from .board import (
    EducationLevel,
    Post,
    Publication,
    Reaction,
    Sector,
    CvView,
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
