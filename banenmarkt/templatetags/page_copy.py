"""{% personal "template" %}: a personal part of a page (banenmarkt.page_copy)."""

from django import template
from django.template import Node

from ..page_copy import RECORDING

register = template.Library()


class PersonalNode(Node):
    def __init__(self, name: str) -> None:
        self.name = name

    def render(self, context):
        recording = context.get(RECORDING)
        if isinstance(recording, list):
            recording.append(self.name)
            return f"<!--bm:p:{len(recording) - 1}-->"
        included = context.template.engine.get_template(self.name)
        with context.push():
            return included.render(context)


@register.tag
def personal(parser, token):
    """{% personal "template" %}: includes the template; in a page rendered
    for a copy, a marker that `page_copy.fill` replaces per request."""
    bits = token.split_contents()
    if len(bits) != 2 or bits[1][0] not in "\"'" or bits[1][0] != bits[1][-1]:
        raise template.TemplateSyntaxError("personal takes one quoted template name")
    return PersonalNode(bits[1][1:-1])
