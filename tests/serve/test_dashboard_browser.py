"""The live dashboard in a real browser (headless Chromium): load the page, post simulated students into the hub,
see the page update by itself (server-sent events), and never show a figure about fewer than five students."""
from __future__ import annotations

import os

import pytest

from tests.serve.cdp import Browser, chromium
from tests.serve.hub_helpers import new_cohort, post, running_hub, simulate_plays

pytestmark = pytest.mark.skipif(chromium() is None, reason="LOUD SKIP: Chromium is not installed; CI installs it "
                                                          "(apt-get install chromium) so this test runs there")


def _num(browser, element_id):
    return browser.js(f"document.getElementById('{element_id}') && document.getElementById('{element_id}')"
                      ".textContent")


def test_dashboard_updates_live_and_in_steps_of_five(tmp_path):
    hub_dir = tmp_path / "hub"
    code = new_cohort(hub_dir)
    made = simulate_plays(tmp_path / "lab1", code, 14, seed=5)
    # five who finished first, so the first step of five is a clean one (5 finished, 0 playing, 0 left)
    plays = sorted(made, key=lambda p: p["ended_kind"] != "finished")
    assert [p["ended_kind"] for p in plays[:6]] == ["finished"] * 6
    with running_hub(hub_dir, code) as (_hub, url):
        browser = Browser(f"{url}/?key=facilitator-secret-key")
        try:
            browser.wait_for("document.getElementById('conn').textContent === 'live'")
            assert _num(browser, "consented") == "0"
            # three students: fewer than five, so the page says only '<5'
            assert post(url, {"pieces": [{"play": p} for p in plays[:3]]})[0] == 200
            browser.wait_for("document.getElementById('consented').textContent === '<5'")
            v = browser.js("document.getElementById('version').dataset.version")
            # two more: now five have finished (a step of five) and the page shows it without a reload
            assert post(url, {"pieces": [{"play": p} for p in plays[3:5]]})[0] == 200
            browser.wait_for("document.getElementById('consented').textContent === '5'")
            assert _num(browser, "finished") == "5"
            browser.wait_for("document.querySelectorAll('#moments svg.bars').length > 0")
            # one more student: the page says it waits for more rather than give that student's choices away
            bars = "[...document.querySelectorAll('#moments svg.bars')].map(e => e.outerHTML).join('')"
            before = browser.js(bars)
            assert post(url, {"pieces": [{"play": plays[5]}]})[0] == 200
            browser.wait_for("document.getElementById('moments').textContent.includes('steps of 5')")
            assert _num(browser, "consented") == "5"
            assert browser.js(bars) == before, "the charts kept their figures: one student's choices are not shown"
            # the rest: the class's choices catch up, and every figure on the page is 0, at least 5, or hidden
            v = browser.js("document.getElementById('version').dataset.version")
            assert post(url, {"pieces": [{"play": p} for p in plays[6:]]})[0] == 200
            browser.wait_for(f"Number(document.getElementById('version').dataset.version) > {v}")
            browser.wait_for("document.querySelector('#moments .n').textContent !== 'chosen by 5 students'")
            shown = browser.js("[...document.querySelectorAll('.tile .num')].map(e => e.textContent)")
            for cell in shown:
                assert cell in ("<5", "suppressed") or int(cell) == 0 or int(cell) >= 5, shown
            # the debrief view: one key moment at a time, in big type
            browser.js("document.getElementById('mode').click()")
            first = browser.wait_for("document.querySelector('#slide h2.big') && "
                                     "document.querySelector('#slide h2.big').textContent")
            browser.js("document.getElementById('next').click()")
            assert browser.js("document.getElementById('slide-no').textContent").startswith("2 /")
            assert browser.js("document.querySelector('#slide h2.big').textContent") != first
            shot = os.environ.get("VANTAGE_DASHBOARD_SHOT")
            if shot:  # for a person to look at: the debrief slide, then the overview
                browser.screenshot(shot.replace(".png", "-debrief.png"))
                browser.js("document.getElementById('mode').click()")
                browser.screenshot(shot)
        finally:
            browser.close()
