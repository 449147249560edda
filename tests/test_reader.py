"""The HTML reader: escaping checked on the page's source, and the page checked in headless Chromium
(skipped, with the reason, when Chromium or Playwright is not installed)."""
from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

import ficlens
from ficlens.cast import CastMember
from ficlens.output.reader import PALETTE, UNKNOWN, character_colors, page, safe_json, story_sections
from conftest import needs_seeds, seed_paths

HOSTILE = """<script>alert(1)</script>

Chapter 1: The </script><script>alert(4)</script> night

A/N: thanks to <b>my beta</b> </script><img src=x onerror=alert(5)>!

Tom opened the door. "><img src=x onerror=alert(1)> was written on it.

"Who wrote <script>alert(1)</script> here?" Tom asked Lena.

"Not me," Lena said. "Maybe \\"><img src=x onerror=alert(1)> did it, Tom. </script><script>alert(2)</script>"

"Hi," said <b>Evil</b>. "Hello, Lena-chan."

"Hello, <b>Evil</b>," Lena said.
"""
EVIL = "<b>Evil</b>"  # a character named with HTML, given through the cast
CAST = [CastMember(EVIL, ("Evil", "</script><script>alert(6)</script>")), CastMember("Lena"), CastMember("Tom")]
SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'
HOSTILE_NAME = "<img src=x onerror=alert(3)>"  # the file's name becomes the page's title


@pytest.fixture(scope="module")
def hostile_html(tmp_path_factory) -> str:
    path = tmp_path_factory.mktemp("hostile") / f"{HOSTILE_NAME}.txt"
    path.write_text(HOSTILE, encoding="utf-8")
    doc = ficlens.analyze(path, cast=CAST)
    return page(doc, doc.to_dict())


def test_safe_json_cannot_close_its_script_block():
    text = safe_json({"name": "</script><script>alert(1)</script>", "sep": "\u2028&"})
    assert "<" not in text and ">" not in text and "&" not in text and "\u2028" not in text
    assert json.loads(text) == {"name": "</script><script>alert(1)</script>", "sep": "\u2028&"}


def test_input_text_is_escaped_in_the_source(hostile_html):
    assert SCRIPT not in hostile_html and "<img" not in hostile_html and "alert(2)</script>" not in hostile_html
    assert "<b>" not in hostile_html and "alert(4)</script>" not in hostile_html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in hostile_html
    assert '>&lt;b&gt;Evil&lt;/b&gt;</button>' in hostile_html  # the cast's name, in the panel
    assert hostile_html.count("<script") == 2  # the data block and the page's own script


def test_page_is_self_contained(hostile_html):
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:|//)""", hostile_html)
    assert "default-src 'none'" in hostile_html


def _chromium() -> str | None:
    return shutil.which("chromium") or ("/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None)


FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    if _chromium() is None:
        pytest.skip("Chromium is not installed (apt-get install chromium chromium-driver)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed (pip install '.[test]')")
    with sync_api.sync_playwright() as driver:
        context = driver.chromium.launch_persistent_context(
            str(tmp_path_factory.mktemp("profile")), executable_path=_chromium(), args=FLAGS, headless=True,
            viewport={"width": 1400, "height": 900})
        yield context
        context.close()


class Visit:
    """A page opened from a file, with its console messages, requests and dialogs recorded."""

    def __init__(self, browser, path: Path):
        self.errors, self.requests, self.dialogs = [], [], []
        self.page = browser.new_page()
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))
        self.url = path.resolve().as_uri()
        self.page.goto(self.url, wait_until="load")
        self.page.wait_for_timeout(300)  # let anything that would run, run


def _write(tmp_path: Path, html: str) -> Path:
    path = tmp_path / "reader.html"
    path.write_text(html, encoding="utf-8")
    return path


def _check_reader(browser, tmp_path: Path, story: Path) -> None:
    """Loads with no console errors and no requests; every attributed quote in its speaker's colour;
    'speaker → addressee' on keyboard focus; a screenshot; a name picks out the lines."""
    doc = ficlens.analyze(story)
    data = doc.to_dict()
    visit = Visit(browser, _write(tmp_path, page(doc, data)))
    assert visit.errors == [] and visit.requests == [visit.url]
    colours = visit.page.eval_on_selector_all(
        ".q.speech[data-s]:not([data-s=''])", "qs => qs.map(q => [q.dataset.s, getComputedStyle(q).color])")
    attributed = [q for q in data["quotes"] if q["speaker"] and q["kind"] == "speech" and q["parent"] is None]
    assert len(colours) == len(attributed) > 10
    by_speaker: dict[str, set[str]] = {}
    for speaker, colour in colours:
        by_speaker.setdefault(speaker, set()).add(colour)
    ink = visit.page.eval_on_selector("main p", "p => getComputedStyle(p).color")
    assert all(len(c) == 1 and ink not in c for c in by_speaker.values())  # one colour each, not the text's
    assert len({next(iter(c)) for c in by_speaker.values()}) >= min(len(by_speaker), 3)
    first = visit.page.locator(".q.speech[data-s]:not([data-s=''])").first
    first.focus()
    tip = visit.page.evaluate("() => getComputedStyle(document.activeElement, '::after').content")
    assert "→" in tip
    shot = tmp_path / "reader.png"
    visit.page.screenshot(path=str(shot))
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 10_000
    visit.page.locator("button.who").first.click()
    assert "quotes picked out" in visit.page.locator("#status").text_content()
    assert visit.errors == [] and visit.requests == [visit.url]


def test_sample_story_in_chromium(browser, tmp_path):
    _check_reader(browser, tmp_path, Path(ficlens.__file__).parent / "data" / "sample_story.txt")


@needs_seeds
def test_seed_fic_in_chromium(browser, tmp_path):
    _check_reader(browser, tmp_path, min(seed_paths(), key=lambda p: p.stat().st_size))


def test_network_nodes_take_keyboard_focus(browser, tmp_path):
    doc = ficlens.analyze(Path(ficlens.__file__).parent / "data" / "sample_story.txt")
    visit = Visit(browser, _write(tmp_path, page(doc, doc.to_dict())))
    visit.page.keyboard.press("Tab")
    for _ in range(200):  # Tab through the page to the first node of the network
        if visit.page.evaluate("() => document.activeElement.matches('g.node')"):
            break
        visit.page.keyboard.press("Tab")
    node = visit.page.evaluate("() => [document.activeElement.dataset.c, document.activeElement.getAttribute('aria-label')]")
    assert node[0] and "lines said and heard" in node[1]
    visit.page.keyboard.press("Enter")
    assert visit.page.evaluate("() => document.activeElement.getAttribute('aria-pressed')") == "true"
    picked = visit.page.eval_on_selector_all(".q.on", "qs => qs.map(q => q.dataset.s)")
    assert picked and set(picked) == {node[0]}
    assert visit.errors == [] and visit.requests == [visit.url]


def test_hostile_fic_runs_nothing_in_chromium(browser, tmp_path, hostile_html):
    visit = Visit(browser, _write(tmp_path, hostile_html))
    assert visit.dialogs == [] and visit.errors == [] and visit.requests == [visit.url]
    assert visit.page.locator("img").count() == 0
    assert visit.page.locator("script").count() == 2
    story = visit.page.locator("main").inner_text()
    assert SCRIPT in story and IMG in story and "alert(2)</script>" in story
    assert "The </script><script>alert(4)</script> night" in visit.page.locator("main h2").first.inner_text()
    assert f'"Hi," said {EVIL}.' in story and "<b>my beta</b>" in story
    assert EVIL in visit.page.locator("ul.cast").inner_text() and EVIL in visit.page.locator("g.node text").all_text_contents()
    assert visit.page.locator("h1").inner_text() == HOSTILE_NAME
    assert visit.page.evaluate("() => JSON.parse(document.getElementById('ficlens-data').textContent).title") == HOSTILE_NAME


def test_the_dialog_check_would_see_a_script_run(browser, tmp_path):
    """The control for the test above: a page whose script does run is caught."""
    visit = Visit(browser, _write(tmp_path, "<!DOCTYPE html><title>t</title><script>alert(1)</script>"))
    assert visit.dialogs == ["1"]


def test_a_heading_over_two_lines_is_one_chapter():
    story = ("CHAPTER I\n\nTHE FIRST NIGHT\n\n\"Hello,\" said Anna to Ben.\n\n\"Hi,\" Ben said.\n\n"
             "CHAPTER II\n\nTHE SECOND DAY\n\n\"Again,\" said Anna.\n")
    doc = ficlens.analyze(story)
    data = doc.to_dict()
    titles = [s.title for s in story_sections(doc, data, character_colors(data), {})]
    assert titles == ["CHAPTER I: THE FIRST NIGHT", "CHAPTER II: THE SECOND DAY"]


def _luminance(colour: str) -> float:
    channels = [int(colour[k:k + 2], 16) / 255 for k in (1, 3, 5)]
    r, g, b = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


@pytest.mark.parametrize("colour", PALETTE + (UNKNOWN,))
def test_speaker_colours_are_legible(colour):
    """WCAG AA for body text (4.5:1) on the page and on the author's notes' background."""
    for background in ("#fdfcf8", "#f6f1dc"):
        light, dark = sorted((_luminance(colour), _luminance(background)), reverse=True)
        assert (light + 0.05) / (dark + 0.05) >= 4.5


def test_a_note_over_several_paragraphs_is_one_aside():
    story = ("A/N: I have had this story in my drafts for a year.\n\nThanks to my beta for reading it twice.\n\n"
             "Anyway, I hope you like it!\n\nChapter 1\n\n\"Hello,\" said Anna to Ben.\n\n\"Hi,\" Ben said.\n")
    doc = ficlens.analyze(story)
    html = page(doc, doc.to_dict())
    notes = re.findall(r'<aside class="paratext author_note">.*?</aside>', html)
    assert len(notes) == 1 and notes[0].count("<p>") == 3 and notes[0].count('class="label"') == 1
