"""Exports of the after-fair work. Rows come from the database in chunks."""

from django.urls import reverse
from django.utils.translation import pgettext_lazy

from banenmarkt.exports import ListExporter
from fairs.models import Publication


class VacancyListExporter(ListExporter):
    """Every vacancy offered at an edition, with the employer's contact
    details, for the staff who serve job seekers (docs/after-the-fair.md). Withdrawn
    vacancies are included and marked; removed ones are left out."""

    sheet_title = "Vacatures"

    def __init__(self, *, publications, filename: str, absolute):
        self.publications = publications
        self.filename = filename
        self.absolute = absolute

    def headers(self):
        return [
            pgettext_lazy("export column", "Region"),
            pgettext_lazy("export column", "Fair"),
            pgettext_lazy("export column", "Job title"),
            pgettext_lazy("export column", "Organisation"),
            pgettext_lazy("export column", "Kind of organisation"),
            pgettext_lazy("export column", "Contact person"),
            pgettext_lazy("export column", "Email"),
            pgettext_lazy("export column", "Phone"),
            pgettext_lazy("export column", "Link to apply"),
            pgettext_lazy("export column", "Place"),
            pgettext_lazy("export column", "Hours per week"),
            pgettext_lazy("export column", "Kind of contract"),
            pgettext_lazy("export column", "Education level"),
            pgettext_lazy("export column", "Sector"),
            pgettext_lazy("export column", "Banenafspraak"),
            pgettext_lazy("export column", "Published at"),
            pgettext_lazy("export column", "Withdrawn"),
            pgettext_lazy("export column", "Link to the vacancy"),
        ]

    def rows(self):
        for publication in self.publications.iterator(chunk_size=1000):
            post = publication.post
            yield [
                publication.region.name,
                publication.edition.starts_at.date(),
                post.title,
                post.organisation,
                str(post.get_organisation_kind_display()),
                post.contact_person,
                post.contact_email,
                post.contact_phone,
                post.apply_url,
                post.place,
                post.hours_per_week,
                str(post.get_contract_kind_display()),
                str(post.get_education_level_display()),
                str(post.get_sector_display()),
                post.banenafspraak,
                publication.published_at,
                publication.status == Publication.Status.WITHDRAWN,
                self.absolute(
                    reverse(
                        "fairs:publication",
                        kwargs={"slug": publication.region.slug, "pk": publication.pk},
                    )
                ),
            ]


class PlacementExporter(ListExporter):
    """Placements of an edition for the national accounting."""

    sheet_title = "Plaatsingen"

    def __init__(self, *, placements, filename: str):
        self.placements = placements
        self.filename = filename

    def headers(self):
        return [
            pgettext_lazy("export column", "Region"),
            pgettext_lazy("export column", "Fair"),
            pgettext_lazy("export column", "Job seeker"),
            pgettext_lazy("export column", "Employer"),
            pgettext_lazy("export column", "Vacancy at the fair"),
            pgettext_lazy("export column", "Start date"),
            pgettext_lazy("export column", "Recorded by"),
            pgettext_lazy("export column", "Source"),
            pgettext_lazy("export column", "Vacancy registration number"),
            pgettext_lazy("export column", "Recorded at"),
        ]

    def rows(self):
        for placement in self.placements.iterator(chunk_size=1000):
            yield [
                placement.region.name,
                placement.edition.starts_at.date(),
                placement.job_seeker_label,
                placement.employer,
                placement.vacancy.post.title if placement.vacancy else "",
                placement.start_date,
                str(placement.get_recorded_by_organisation_display()),
                str(placement.get_source_display()),
                placement.booking_reference,
                placement.created_at,
            ]
