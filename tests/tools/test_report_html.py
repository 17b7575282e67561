"""The HTML report: self-contained, accessible structure (always checked) and a real browser render (when Chromium is
installed)."""
from __future__ import annotations

import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

from report_helpers import make_class


@pytest.fixture(scope="module")
def report_html(tmp_path_factory) -> Path:
    data = tmp_path_factory.mktemp("html-class")
    make_class(data, 26, effect=0.5, seed=11)
    out = data / "report.html"
    from tools import cli
    assert cli.main(["report", "--data-dir", str(data), "--simulated", "--html", str(out)]) == 0
    return out


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.tags: list[tuple[str, dict[str, str | None], tuple[str, ...]]] = []
        self.text_in: dict[str, list[str]] = {}

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs), tuple(self.stack)))
        if tag not in ("meta", "br", "img", "link", "input", "hr") and not tag.endswith("/"):
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.tags.append((tag, dict(attrs), tuple(self.stack)))

    def handle_endtag(self, tag):
        if tag in self.stack:
            while self.stack and self.stack.pop() != tag:
                pass

    def handle_data(self, data):
        if self.stack:
            self.text_in.setdefault(self.stack[-1], []).append(data)


def test_html_is_self_contained_and_accessible(report_html):
    text = report_html.read_text(encoding="utf-8")
    parser = _Collector()
    parser.feed(text)
    tags = parser.tags
    names = [t for t, _, _ in tags]
    assert text.startswith("<!DOCTYPE html>") and '<html lang="en">' in text
    # self-contained: no scripts, no external style sheets, images or fonts, nothing fetched from anywhere
    assert "script" not in names and "link" not in names and "img" not in names and "iframe" not in names
    for _, attrs, _ in tags:
        for key in ("src", "href", "xlink:href"):
            value = attrs.get(key)
            assert value is None or value.startswith("#"), (key, value)
    assert not re.search(r"url\((?!#)", text) and "@import" not in text
    # charts: inline SVG, each labelled for screen readers, inside a figure with a caption
    svgs = [(attrs, stack) for t, attrs, stack in tags if t == "svg"]
    assert len(svgs) >= 3  # distribution, items, at least one menu
    for attrs, stack in svgs:
        assert attrs.get("role") == "img" and "figure" in stack
        title_id, desc_id = attrs["aria-labelledby"].split()
        assert f'<title id="{title_id}">' in text and f'<desc id="{desc_id}">' in text
    assert names.count("figcaption") == names.count("figure") == len(svgs)
    ids = [attrs["id"] for _, attrs, _ in tags if "id" in attrs]
    assert len(ids) == len(set(ids)), "ids must be unique across all inline charts"
    # every chart's numbers are also in a table with a caption and header cells
    assert names.count("table") >= len(svgs) and names.count("caption") == names.count("table")
    assert any(attrs.get("scope") == "col" for t, attrs, _ in tags if t == "th")
    # printable, black and white: print rules, and hatching in the charts rather than colour alone
    assert "@media print" in text and "break-inside: avoid" in text
    assert 'id="i0-dist-' in text and "<pattern" in text  # matplotlib hatches are SVG patterns


def test_html_shows_the_same_protected_figures_and_the_teacher_guide(report_html):
    text = report_html.read_text(encoding="utf-8")
    for needle in ("Who took part", "Attitudes:", "How the class chose", "Reading this report", "Backfire flag",
                   "Simulated data", "95% interval", "dz"):
        assert needle in text, needle
    # no number of 1-4 students is printed as a count in the participation table
    table = text[text.index("<caption>Participation</caption>"):]
    table = table[:table.index("</table>")]
    for cell in re.findall(r"<td>([^<]*)</td>", table):
        assert not re.fullmatch(r"[1-4]", cell.strip()), cell


def _chromium() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        path = shutil.which(name)
        if path:
            return path
    return None


_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
          "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.mark.skipif(_chromium() is None, reason="Chromium is not installed: the browser render check cannot run "
                                                "(the HTML structure is still checked by the test above)")
def test_html_opens_in_headless_chromium_and_shows_its_charts(report_html, tmp_path):
    browser = _chromium()
    url = report_html.resolve().as_uri()
    dom = subprocess.run([browser, *_FLAGS, f"--user-data-dir={tmp_path / 'profile'}", "--dump-dom", url],
                         capture_output=True, text=True, timeout=120)
    assert dom.returncode == 0, dom.stderr[-2000:]
    assert dom.stdout.count("<svg") >= 3 and "Who took part" in dom.stdout
    shot = tmp_path / "report.png"
    run = subprocess.run([browser, *_FLAGS, f"--user-data-dir={tmp_path / 'profile2'}", f"--screenshot={shot}",
                          "--window-size=1200,2400", url], capture_output=True, text=True, timeout=120)
    assert run.returncode == 0 and shot.is_file(), run.stderr[-2000:]
    from PIL import Image
    pixels = Image.open(shot).convert("L")
    histogram = pixels.histogram()
    dark = sum(histogram[:100]) / sum(histogram)
    assert 0.005 < dark < 0.5  # drawn ink (text, bars, lines), neither blank nor black


def test_wording_columns_are_headed_on_the_same_side_as_their_text(report_html):
    """The question and option wording is left-aligned; its column heading must be too (not above the far edge)."""
    page = report_html.read_text(encoding="utf-8")
    assert re.search(r'<th scope="col" class="text">wording</th>', page)
    assert "th.text" in page  # the style that aligns those headings left
    assert '<th scope="col">wording</th>' not in page


def test_technical_tables_are_in_the_appendix_after_the_teachers_view(report_html):
    page = report_html.read_text(encoding="utf-8")
    appendix = page.index('id="h-appendix"')
    assert page.index("Who agreed with each sentence") < appendix < page.index("Attitude shift, matched pairs")
