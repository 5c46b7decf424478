"""`{% url %}` with its answers remembered (a template builtin, settings.py).

A page's links are mostly the same few addresses, and Django works each one
out again on every render: about 25 µs per `{% url %}`, twenty to sixty of
them per page (docs/performance.md). This `url` tag is Django's, but keeps
what `reverse()` answered per view name, arguments, current app, script
prefix, URLconf and language: the same inputs give the same address in a
process whose URLconf does not change. Arguments that cannot be a key (an
object) are reversed as before; a failed reverse is not kept."""

from django import template
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.template.defaulttags import URLNode
from django.template.defaulttags import url as django_url
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse
from django.utils.html import conditional_escape
from django.utils.translation import get_language

register = template.Library()

_KEPT: dict[tuple, str] = {}
KEPT_MAX = 4096


def reverse_kept(view_name, args, kwargs, current_app) -> str:
    try:
        key = (
            view_name,
            tuple(args),
            tuple(sorted(kwargs.items())),
            current_app,
            get_script_prefix(),
            get_urlconf(),
            get_language(),
        )
        hash(key)
    except TypeError:
        return reverse(view_name, args=args, kwargs=kwargs, current_app=current_app)
    url = _KEPT.get(key)
    if url is None:
        url = reverse(view_name, args=args, kwargs=kwargs, current_app=current_app)
        if len(_KEPT) >= KEPT_MAX:
            _KEPT.clear()
        _KEPT[key] = url
    return url


@receiver(setting_changed)
def _forget(*, setting, **kwargs) -> None:
    """A test that swaps the URLconf gets addresses of the new one."""
    if setting in {"ROOT_URLCONF", "FORCE_SCRIPT_NAME", "LANGUAGE_CODE"}:
        _KEPT.clear()


class KeptURLNode(URLNode):
    """Django's URLNode.render, with `reverse_kept` for `reverse`."""

    def render(self, context):
        args = [arg.resolve(context) for arg in self.args]
        kwargs = {k: v.resolve(context) for k, v in self.kwargs.items()}
        view_name = self.view_name.resolve(context)
        try:
            current_app = context.request.current_app
        except AttributeError:
            try:
                current_app = context.request.resolver_match.namespace
            except AttributeError:
                current_app = None
        url = ""
        try:
            url = reverse_kept(view_name, args, kwargs, current_app)
        except NoReverseMatch:
            if self.asvar is None:
                raise
        if self.asvar:
            context[self.asvar] = url
            return ""
        return conditional_escape(url) if context.autoescape else url


@register.tag
def url(parser, token):
    node = django_url(parser, token)
    return KeptURLNode(node.view_name, node.args, node.kwargs, node.asvar)
