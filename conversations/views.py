"""'Mijn gesprekken': the inbox and one conversation, answered in place.

With htmx, opening a conversation and answering swap only that
conversation in the list (`_conversation.html`); without JavaScript the same
links and forms open the conversation's own page and come back to it.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from banenmarkt.security import client_ip
from fairs.forms import ReactionForm

from . import context_processors, selectors, services


def _is_htmx(request) -> bool:
    return request.headers.get("HX-Request") == "true"


def reply_form(pk: int, data=None) -> ReactionForm:
    """The board's reaction form (with its BSN guard), its ids unique per
    conversation, as several may be open on the inbox page."""
    form = ReactionForm(data, auto_id=f"gesprek-{pk}-%s")
    form.fields["text"].label = _("Your reply")
    return form


class InboxView(TemplateView):
    template_name = "conversations/inbox.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        listing = selectors.conversation_listing(user=user)
        return super().get_context_data(
            page=selectors.inbox_page(
                user=user, number=self.request.GET.get("page"), listing=listing
            ),
            # The header's count afresh here (this page is where it changes).
            conversation_counts=context_processors.counts_refresh(user, listing),
            **kwargs,
        )


def conversation(request, pk):
    """GET opens the conversation (and marks it read); POST answers in it."""
    item = selectors.conversation_detail(user=request.user, pk=pk)
    form = reply_form(item.pk, request.POST or None)
    answered = False
    if request.method == "POST" and form.is_valid():
        try:
            services.conversation_reply(
                user=request.user,
                reaction=item,
                text=form.cleaned_data["text"],
                now=timezone.now(),
                ip=client_ip(request),
                bsn_flagged=form.bsn_flagged_fields,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if not _is_htmx(request):
                messages.success(request, _("Your reply has been sent."))
                return redirect("conversations:conversation", pk=item.pk)
            answered = True
            item = selectors.conversation_detail(user=request.user, pk=pk)
            form = reply_form(item.pk)
    elif request.method == "GET":
        services.conversation_mark_read(
            user=request.user, reaction=item, now=timezone.now()
        )
    template = (
        "conversations/_conversation.html"
        if _is_htmx(request)
        else "conversations/conversation.html"
    )
    response = render(
        request,
        template,
        {
            "conversation": item,
            "form": form,
            "answered": answered,
            "open": True,
            # Opened in the list: htmx moves the focus to its title.
            "in_place": _is_htmx(request),
        },
    )
    patch_vary_headers(response, ["HX-Request"])
    return response
