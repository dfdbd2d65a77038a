"""Slot bookkeeping of reused browser pages (spiders/browser/page_pool.py): an idle page has given its slot
back, so its close or crash must not give one back again, and every page releases at most once."""

from __future__ import annotations

from spiders.browser.page_pool import PageStates


class FakePage:
    def __init__(self) -> None:
        self.closed = False

    def is_closed(self) -> bool:
        return self.closed


def test_idle_page_is_taken_before_a_new_one_and_only_from_its_own_context():
    states, context, other = PageStates(max_uses=10), object(), object()
    page = FakePage()
    states.put("default", context, page)
    assert states.take("default", other) is None  # a new context of the same name: not this page
    states.put("default", context, page)
    assert states.take("default", context) is page
    assert states.take("default", context) is None


def test_closed_idle_pages_are_skipped():
    states, context = PageStates(), object()
    dead, alive = FakePage(), FakePage()
    states.put("default", context, alive)
    states.put("default", context, dead)
    dead.closed = True
    assert states.take("default", context) is alive


def test_busy_page_releases_once_for_crash_then_close():
    states, page = PageStates(), FakePage()
    assert states.should_release_on_close(page) is True  # crash event
    assert states.should_release_on_close(page) is False  # the close event that follows


def test_idle_page_close_releases_nothing():
    states, context, page = PageStates(), object(), FakePage()
    states.put("default", context, page)
    page.closed = True
    assert states.should_release_on_close(page) is False
    assert states.take("default", context) is None


def test_forgotten_context_pages_release_nothing_and_are_not_taken():
    states, context, page = PageStates(), object(), FakePage()
    states.put("default", context, page)
    states.forget_context()
    assert states.take("default", context) is None
    assert states.should_release_on_close(page) is False


def test_use_limit_and_switch():
    states, page = PageStates(max_uses=3), FakePage()
    assert [states.count_use(page) for _ in range(3)] == [True, True, False]
    assert PageStates(max_uses=1).enabled is False and states.enabled is True


def test_unknown_page_follows_scrapy_playwright_rule():
    assert PageStates().should_release_on_close(None) is True
