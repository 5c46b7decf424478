"""axe-core (vendored in vendor/axe.min.js, no download) against a page."""

from pathlib import Path

AXE_SOURCE = (Path(__file__).parent / "vendor" / "axe.min.js").read_text()
# WCAG 2.0, 2.1 and 2.2 at levels A and AA, plus axe's best practices.
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]


def axe_violations(page) -> list[dict]:
    # axe is JavaScript; on a page without it Playwright's evaluate never
    # returns (it has no timeout), so fail at once instead of hanging CI.
    assert not getattr(page, "without_javascript", False), (
        "axe needs JavaScript: check this page with the `page` fixture"
    )
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE_SOURCE)
    results = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", TAGS
    )
    return results["violations"]


def assert_accessible(page) -> None:
    # After a click the next page may still be loading its stylesheet; axe
    # on an unstyled page reports small touch targets that are not there.
    page.wait_for_load_state("load")
    violations = axe_violations(page)
    report = "\n".join(
        f"- {v['id']} ({v['impact']}): {v['help']} -> "
        + "; ".join(node["target"][0] for node in v["nodes"][:5])
        for v in violations
    )
    assert not violations, f"axe found problems on {page.url}:\n{report}"
