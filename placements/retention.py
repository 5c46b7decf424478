"""Retention sweeps after the fair (banenmarkt/retention.py)."""

from datetime import datetime

from banenmarkt.privacy import retention
from banenmarkt.retention import BATCH

from .models import CallBack, SurveyInvitation


def call_back_notes(now: datetime) -> int:
    """Notes and names in call-backs go after `callback_notes` (counted from
    the fair); the outcome and the number of placements stay for reports."""
    cutoff = now - retention("callback_notes").period
    ids = list(
        CallBack.objects.filter(edition__ends_at__lt=cutoff)
        .exclude(notes="", placement_names="")
        .values_list("pk", flat=True)[:BATCH]
    )
    return CallBack.objects.filter(pk__in=ids).update(notes="", placement_names="")


def survey_links(now: datetime) -> int:
    """Survey links go after `survey_link`; answers stay, without the link to
    the member (the answer's invitation becomes empty)."""
    cutoff = now - retention("survey_link").period
    ids = list(
        SurveyInvitation.objects.filter(created_at__lt=cutoff).values_list(
            "pk", flat=True
        )[:BATCH]
    )
    return SurveyInvitation.objects.filter(pk__in=ids).delete()[0]
