"""Which of a section's pages its index page leaves out (they are listed after its text)."""

from __future__ import annotations

from navigation import unlisted

ENTRIES = [("shipping/tracking/", "Tracking"), ("shipping/delays/", "Delays"), ("shipping/regions/", "Regions"), ("shipping/abroad/", "Abroad & customs")]


def test_links_count_however_they_are_written() -> None:
    html = (
        '<p><a href="tracking/">Tracking</a>, <a class="x" href="./delays/#late">late parcels</a>'
        " and <a href='../shipping/regions/?from=nav'>regions</a>.</p>"
    )
    assert unlisted("shipping/", html, ENTRIES) == [("abroad/", "Abroad & customs")]


def test_nothing_is_left_out_when_every_page_is_linked() -> None:
    html = "".join(f'<a href="/{url}">{title}</a>' for url, title in ENTRIES)
    assert unlisted("shipping/", html, ENTRIES) == []


def test_a_link_elsewhere_or_an_anchor_alone_does_not_count() -> None:
    html = '<a href="../returns/tracking/">x</a><a href="#tracking">y</a><link href="tracking/"><!-- <a href="delays/"> -->'
    assert [title for _, title in unlisted("shipping/", html, ENTRIES)] == ["Tracking", "Delays", "Regions", "Abroad & customs"]


def test_page_urls_without_directories() -> None:
    entries = [("shipping/tracking.html", "Tracking"), ("shipping/abroad/index.html", "Abroad")]
    html = '<a href="tracking.html">Tracking</a>'
    assert unlisted("shipping/index.html", html, entries) == [("abroad/index.html", "Abroad")]


def test_an_entity_in_an_address_is_read_as_its_character() -> None:
    entries = [("faq/a&b/", "A and B")]
    assert unlisted("faq/", '<a href="a&amp;b/">A and B</a>', entries) == []
