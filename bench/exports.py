"""What issue 6 adds, timed: the new stages, each output format, and the HTML reader in Chromium.

    .venv/bin/python bench/exports.py [FILE]

FILE defaults to ../shared/data/bench/the_secret_garden.txt. Prints the analysis time and the
seconds of the scenes, portraits and relations stages; for each format (json, html, tsv, graphml)
the seconds to render it and the size of each file; the plots' time; and, when Debian's Chromium and
Playwright are installed, how long the reader takes to load in headless Chromium, to pick out
the main character's lines (timed inside the page, to the second frame after the click) and to
draw each step of a scroll through the whole page.
"""
from __future__ import annotations

import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = ROOT.parent / "shared" / "data" / "bench" / "the_secret_garden.txt"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]

TWO_FRAMES = "() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))"
PICK = f"""async () => {{
  const started = performance.now();
  document.querySelector("button.who").click();
  await ({TWO_FRAMES})();
  return performance.now() - started;
}}"""
SCROLL = f"""async () => {{
  const times = [];
  for (let y = 0; y < document.documentElement.scrollHeight; y += 2500) {{
    const started = performance.now();
    window.scrollTo(0, y);
    await ({TWO_FRAMES})();
    times.push(performance.now() - started);
  }}
  times.sort((a, b) => a - b);
  return {{steps: times.length, median: times[times.length >> 1], max: times[times.length - 1]}};
}}"""


def main() -> None:
    import ficlens
    from ficlens.output.exports.plots import plot
    from ficlens.output.writers import FORMATS, render

    path = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT
    if not path.is_file():
        sys.exit(f"error: {path} not found")
    started = time.perf_counter()
    doc = ficlens.analyze(path)
    print(f"{path.name}: analysis {time.perf_counter() - started:.1f} s; new stages: "
          + ", ".join(f"{s} {doc.timings[s]:.2f} s" for s in ("scenes", "portraits", "relations")))
    with tempfile.TemporaryDirectory() as tmp:
        for fmt in FORMATS:
            started = time.perf_counter()
            files = render(doc, (fmt,))
            seconds = time.perf_counter() - started
            sizes = ", ".join(f"{suffix} {len(content.encode('utf-8')) / 1e6:.2f} MB" for suffix, content in files.items())
            print(f"  {fmt:8} {seconds:5.2f} s  {sizes}")
            for suffix, content in files.items():
                (Path(tmp) / f"work{suffix}").write_text(content, encoding="utf-8")
        started = time.perf_counter()
        plot(doc.to_dict(), Path(tmp), "work", "png")
        print(f"  plots    {time.perf_counter() - started:5.2f} s  (two PNG charts)")
        browser_timings(Path(tmp) / "work.html")


def browser_timings(html: Path) -> None:
    chromium = shutil.which("chromium")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        chromium = None
    if not chromium:
        print("  (no Chromium or Playwright: browser timings skipped)")
        return
    with sync_playwright() as driver, tempfile.TemporaryDirectory() as profile:
        context = driver.chromium.launch_persistent_context(profile, executable_path=chromium, args=FLAGS,
                                                            headless=True, viewport={"width": 1400, "height": 900})
        page = context.new_page()
        started = time.perf_counter()
        page.goto(html.as_uri(), wait_until="load")
        page.evaluate("() => new Promise(done => requestAnimationFrame(() => done()))")
        loaded = time.perf_counter() - started
        picked = page.evaluate(PICK) / 1000
        scrolled = page.evaluate(SCROLL)
        quotes = page.locator(".q").count()
        print(f"  chromium: load and first frame {loaded:.2f} s; pick out the first character's lines "
              f"{picked:.2f} s ({quotes} quote spans, timed in the page)")
        print(f"  scrolling through the page in steps of 2,500 px: {scrolled['steps']} steps, median "
              f"{scrolled['median']:.0f} ms to the second frame after, slowest {scrolled['max']:.0f} ms")
        context.close()


if __name__ == "__main__":
    main()
