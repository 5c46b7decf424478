from django.utils.translation import gettext_lazy as _

from banenmarkt.exports import ListExporter


class AuditLogExporter(ListExporter):
    sheet_title = "Logboek"

    def __init__(self, *, region, entries):
        self.filename = f"logboek-{region.slug}"
        self.entries = entries

    def headers(self):
        return [_("When"), _("Action"), _("By"), _("About"), _("Reason")]

    def rows(self):
        for entry in self.entries.iterator(chunk_size=2000):
            yield [
                entry.created_at,
                entry.action_label,
                entry.actor_label,
                entry.target_label,
                entry.reason,
            ]
