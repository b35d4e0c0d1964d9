"""What the browser tests need from the machine, and small helpers they share.

The tests drive Debian's Chromium (``apt-get install chromium``) through
Playwright for Python; Playwright's own browser download is never used. When
Chromium or Playwright is missing, every browser test module is skipped with
the reason in pytest's summary, unless ``BROWSER_TESTS=require`` (CI) turns
that into a failure.
"""

import importlib.util
import os
import re
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
LAUNCH_ARGS = [
    "--no-sandbox",
    "--headless",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "browser"
AXE_SCRIPT = Path(__file__).resolve().parent / "vendor" / "axe.min.js"


def skip_reason() -> str | None:
    """Why the browser tests cannot run here, or ``None``."""
    if importlib.util.find_spec("playwright") is None:
        return (
            "browser tests skipped: Playwright for Python is not installed "
            "(pip install -e '.[dev]')"
        )
    if not os.access(CHROMIUM, os.X_OK):
        return (
            f"browser tests skipped: Chromium not found at {CHROMIUM} "
            "(apt-get install chromium)"
        )
    return None


def require_browser() -> None:
    """Skip (or, with ``BROWSER_TESTS=require``, fail) the calling module."""
    reason = skip_reason()
    if reason is None:
        return
    if os.environ.get("BROWSER_TESTS") == "require":
        pytest.fail(f"BROWSER_TESTS=require but {reason}", pytrace=False)
    pytest.skip(reason, allow_module_level=True)


def slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "-", text).strip("-")[:120]


class Steps:
    """Screenshots of each step of a test, written out only if it fails."""

    def __init__(self, name: str):
        self.name = name
        self.shots: list[tuple[str, bytes]] = []
        self.console: list[str] = []

    def watch(self, page) -> None:
        """Record the page's console messages and uncaught errors."""
        page.on("console", lambda message: self.console.append(message_line(message)))
        page.on("pageerror", lambda error: self.console.append(f"pageerror: {error}"))

    def shot(self, page, step: str) -> None:
        self.shots.append((step, page.screenshot(full_page=True)))

    def save(self, pages) -> Path:
        folder = ARTIFACTS / slug(self.name)
        folder.mkdir(parents=True, exist_ok=True)
        for number, (step, data) in enumerate(self.shots, start=1):
            (folder / f"{number:02d}-{slug(step)}.png").write_bytes(data)
        for index, page in enumerate(pages):
            try:
                page.screenshot(path=folder / f"failure-{index}.png", full_page=True)
                (folder / f"failure-{index}.url.txt").write_text(page.url + "\n")
            except Exception as error:  # noqa: BLE001 - a closed page
                (folder / f"failure-{index}.txt").write_text(repr(error))
        (folder / "console.log").write_text("\n".join(self.console) + "\n")
        return folder


def message_line(message) -> str:
    return f"{message.type}: {message.text}"


PASSWORD = "password"


def field(page, label, role="textbox"):
    """A form control by its label; Wagtail appends "*" to required ones."""
    return page.get_by_role(role, name=re.compile(rf"^{re.escape(label)}\*?$"))


def login(page, base_url, username, password=PASSWORD):
    """Sign in to the Wagtail admin through its login form."""
    page.goto(f"{base_url}/admin/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{base_url}/admin/")
