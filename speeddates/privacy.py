"""Personal data of speed dates (banenmarkt/privacy.py)."""

from django.utils.translation import gettext_lazy as _

from banenmarkt.privacy import Erase, PersonalData

PERSONAL_DATA = [
    PersonalData(
        model="speeddates.Booking",
        owner="seeker",
        category=_("Speed dates"),
        holds=_("the speed dates you booked, cancelled or moved, and no-shows"),
        purpose=_("so you and the employer know when you meet"),
        retention="account",
        fields=("post__title", "slot__starts_at", "status", "booked_at", "ended_at"),
        erase=Erase.DELETE,
        recipients=_("the employer of the vacancy and the region's project team"),
    ),
    PersonalData(
        model="speeddates.Slot",
        owner="post__author",
        category=_("Speed dates"),
        holds=_("the speed dates you offered on your vacancies"),
        purpose=_("so job seekers can book a short video call with you"),
        retention="account",
        fields=("post__title", "starts_at", "minutes", "video_url"),
        erase=Erase.WITH_OWNER,
        actors=("created_by",),
        recipients=_("the region's members"),
    ),
]
