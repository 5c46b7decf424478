"""The page links of every paginated list lead to the next page and keep
the filters (templates/_pagination.html, fairs/_board_pagination.html)."""

import re

import pytest
from django.core.paginator import Paginator
from django.template.loader import render_to_string
from django.test import RequestFactory


@pytest.mark.parametrize(
    "template", ["_pagination.html", "fairs/_board_pagination.html"]
)
def test_page_links_are_one_query_string_with_the_filters(template):
    request = RequestFactory().get("/lijst/?status=open&page=2")
    page = Paginator(range(100), 20).get_page(2)
    html = render_to_string(template, {"page": page}, request=request)
    links = {
        rel: href.replace("&amp;", "&")
        for href, rel in re.findall(r'href="([^"]*)" rel="(prev|next)"', html)
    }
    assert links == {"prev": "?status=open&page=1", "next": "?status=open&page=3"}
