"""The weekly tasks of 200 people, for ``make loadtest`` (docs/performance.md, "Load test").

Each simulated person has its own account. A share of them (LOADTEST_LOGIN_SHARE, a
quarter) logs in through the real two-step log-in when it starts (a password, then a TOTP
code it computes from the secret ``wpsdesk loadtest people`` wrote); the others logged in
earlier in the day and carry on in the session that command made for them. Each comes from
an address of its own (X-Forwarded-For behind one trusted proxy), as people at different
desks do, so one person's wrong code does not pause everyone's log-in. Then, with a pause
between tasks as a person reading would take, each reads lists and the
dashboard, logs engagements, answers its part of its unit's checklist and screens a pasted
text. Forms are posted as a browser would: the CSRF token from the page, the version the
page showed.

What the server confirmed it saved (the new record's id from the redirect to its page; a
checklist answer's new version from the row sent back) is appended to a file, one JSON
object a line; ``wpsdesk loadtest check`` compares it with the database afterwards.

At the end the run fails (exit code 1) unless p95 < LOADTEST_P95_MS (500) and the share of
failed requests < LOADTEST_MAX_ERROR_RATIO (0.001), over every request, log-ins included.
A page that sends the person to the log-in instead counts as failed.
"""

from __future__ import annotations

import itertools
import json
import os
import random
import re
import threading
from pathlib import Path
from typing import Any

from django_otp.oath import totp  # plain RFC 6238; no Django set-up needed
from locust import HttpUser, between, events, task
from locust.exception import StopUser
from locust.stats import calculate_response_time_percentile

PEOPLE_FILE = Path(os.environ.get("LOADTEST_PEOPLE", "var/loadtest/people.json"))
CONFIRMED_FILE = Path(os.environ.get("LOADTEST_CONFIRMED", "var/loadtest/confirmed.jsonl"))
P95_LIMIT_MS = float(os.environ.get("LOADTEST_P95_MS", "500"))
MAX_ERROR_RATIO = float(os.environ.get("LOADTEST_MAX_ERROR_RATIO", "0.001"))
WAIT_MIN = float(os.environ.get("LOADTEST_WAIT_MIN", "5"))
WAIT_MAX = float(os.environ.get("LOADTEST_WAIT_MAX", "15"))
LOGIN_SHARE = float(os.environ.get("LOADTEST_LOGIN_SHARE", "0.25"))

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
ENGAGEMENT_URL = re.compile(r"^/engagements/(\d+)/$")
DOCUMENT_URL = re.compile(r"^/screening/(\d+)/$")
# One checklist row's form: its run and item, then the version the row was drawn with.
ANSWER_FORM = re.compile(
    r'action="/plans/checklist/(\d+)/items/(\d+)/".*?name="version"[^>]*value="(\d+)"',
    re.DOTALL,
)
VERSION = re.compile(r'name="version"[^>]*value="(\d+)"')
# The row's status after a save (the answer was stored, not refused as stale or wrong).
SAVED = 'class="ds-paragraph planning-saved"'
ANSWERS = ("yes", "partly", "no", "not_relevant")

TEXT = (
    "Draft mandate for the consultation with women's organisations (generated for a load "
    "test). The delegation will ensure the meaningful participation of women in the peace "
    "talks, consult women human rights defenders before each round, and report on gender "
    "equality and the protection of women and girls from sexual violence in conflict. "
)

_people: list[dict[str, Any]] = []
_next_person = itertools.count()
_write = threading.Lock()
# Which numbers a simulated meeting has: variety, not secrecy.
_rng = random.Random()  # noqa: S311  # nosec B311


def _load_people() -> list[dict[str, Any]]:
    if not _people:
        _people.extend(json.loads(PEOPLE_FILE.read_text(encoding="utf-8")))
    return _people


def confirm(record: dict[str, Any]) -> None:
    """Write down one save the server confirmed (flushed at once: a crash loses nothing)."""
    with _write, CONFIRMED_FILE.open("a", encoding="utf-8") as out:
        out.write(json.dumps(record) + "\n")


class Person(HttpUser):
    """One simulated person at an embassy, doing the week's tasks."""

    wait_time = between(WAIT_MIN, WAIT_MAX)

    def on_start(self) -> None:
        people = _load_people()
        n = next(_next_person)
        self.login = people[n % len(people)]
        self.saved = 0
        self.client.headers["X-Forwarded-For"] = f"10.20.{n // 250 % 250}.{n % 250 + 1}"
        # Spread evenly: of every 1/share people who start, one logs in now.
        if int((n + 1) * LOGIN_SHARE) > int(n * LOGIN_SHARE) or not self.login.get("session"):
            if not self.log_in():
                raise StopUser
        else:
            self.client.cookies.set("sessionid", self.login["session"])

    def read(self, url: str, name: str) -> None:
        """GET a page; sent to the log-in instead is a failure, not a page read."""
        with self.client.get(url, name=name, catch_response=True) as response:
            if response.status_code != 200 or response.url.split("/", 3)[-1].startswith(
                "accounts/"
            ):
                response.failure(f"{name}: {response.status_code} {response.url}")

    # --- helpers ----------------------------------------------------------------------

    def csrf_of(self, url: str, name: str) -> str | None:
        """GET a page with a form and return its CSRF token (a failure when missing)."""
        with self.client.get(url, name=name, catch_response=True) as response:
            match = CSRF.search(response.text or "")
            if response.status_code != 200 or not match:
                response.failure(f"no form on {url} ({response.status_code})")
                return None
            response.success()
            return match.group(1)

    def post_expecting(
        self, url: str, data: dict[str, str], name: str, pattern: re.Pattern[str]
    ) -> re.Match[str] | None:
        """POST a form; succeed only on a redirect whose target matches ``pattern``."""
        with self.client.post(
            url, data=data, name=name, allow_redirects=False, catch_response=True
        ) as response:
            target = response.headers.get("Location", "")
            match = pattern.match(target) if response.status_code == 302 else None
            if match is None:
                response.failure(f"{name}: {response.status_code} {target}")
                return None
            response.success()
            return match

    def title(self, what: str) -> str:
        self.saved += 1
        return f"Load test {what} by {self.login['username']} no. {self.saved}"

    # --- log-in -----------------------------------------------------------------------

    def log_in(self) -> bool:
        """The two steps a person takes; True when the person is in."""
        token = self.csrf_of("/accounts/login/", "log in: form")
        if token is None:
            return False
        data = {
            "csrfmiddlewaretoken": token,
            "username": self.login["username"],
            "password": self.login["password"],
        }
        if not self.post_expecting(
            "/accounts/login/", data, "log in: password", re.compile(r"^/accounts/second-factor/")
        ):
            return False
        token = self.csrf_of("/accounts/second-factor/", "log in: code form")
        if token is None:
            return False
        code = f"{totp(bytes.fromhex(self.login['totp_key'])):06d}"
        return (
            self.post_expecting(
                "/accounts/second-factor/",
                {"csrfmiddlewaretoken": token, "code": code},
                "log in: code",
                re.compile(r"^/(?!accounts/)"),
            )
            is not None
        )

    # --- reading ----------------------------------------------------------------------

    @task(3)
    def home(self) -> None:
        self.read("/", "home")

    @task(3)
    def engagement_list(self) -> None:
        self.read("/engagements/", "engagements: list")

    @task(1)
    def engagement_search(self) -> None:
        self.read("/engagements/?q=women", "engagements: search")

    @task(2)
    def dashboard(self) -> None:
        self.read("/engagements/dashboard/", "engagements: dashboard")

    @task(1)
    def plans(self) -> None:
        self.read("/plans/", "plans: list")

    @task(1)
    def checklists(self) -> None:
        self.read("/plans/checklist/", "checklist: list")

    @task(1)
    def documents(self) -> None:
        self.read("/screening/", "screening: list")

    @task(1)
    def catalogue(self) -> None:
        self.read("/catalogue/", "catalogue")

    # --- writing ----------------------------------------------------------------------

    @task(2)
    def log_engagement(self) -> None:
        token = self.csrf_of("/engagements/new/", "engagements: log form")
        if token is None:
            return
        title = self.title("meeting")
        women, men = _rng.randint(1, 12), _rng.randint(0, 6)
        data = {
            "csrfmiddlewaretoken": token,
            "title": title,
            "date": "2026-03-12",
            "kind": _rng.choice(["civil_society", "bilateral", "negotiation"]),
            "country": "CO",
            "forum": "",
            "n_norway_women": "1",
            "n_norway_men": "1",
            "n_civil_society_women": str(women),
            "n_civil_society_men": str(men),
            "lead_norway": "women",
            "wps_on_agenda": "on",
            "message_codes": "",
        }
        match = self.post_expecting("/engagements/new/", data, "engagements: log", ENGAGEMENT_URL)
        if match:
            confirm({"kind": "engagement", "id": int(match.group(1)), "title": title})
            self.read(match.group(0), "engagements: detail")

    @task(2)
    def answer_checklist(self) -> None:
        run = self.login.get("checklist_run")
        if not run:
            return
        url = f"/plans/checklist/{run}/"
        with self.client.get(url, name="checklist: page", catch_response=True) as response:
            forms = ANSWER_FORM.findall(response.text or "")
            token = CSRF.search(response.text or "")
            if response.status_code != 200 or not forms or not token:
                response.failure(f"no checklist to answer ({response.status_code})")
                return
            response.success()
        # The unit shares its checklist out: each person answers every n-th row.
        mine = [
            (int(item), int(version))
            for index, (_run, item, version) in enumerate(forms)
            if index % self.login["per_unit"] == self.login["member_index"]
        ]
        if not mine:
            return
        item, version = _rng.choice(mine)
        answer = _rng.choice(ANSWERS)
        with self.client.post(
            f"/plans/checklist/{run}/items/{item}/",
            data={
                "csrfmiddlewaretoken": token.group(1),
                "version": str(version),
                "answer": answer,
                "note": self.title("note"),
            },
            headers={"HX-Request": "true"},
            name="checklist: answer",
            catch_response=True,
        ) as response:
            body = response.text or ""
            saved = VERSION.search(body)
            if response.status_code != 200 or SAVED not in body or saved is None:
                response.failure(f"answer not saved ({response.status_code})")
                return
            response.success()
        confirm(
            {
                "kind": "answer",
                "run": run,
                "item": item,
                "version": int(saved.group(1)),
                "answer": answer,
            }
        )

    @task(1)
    def screen_text(self) -> None:
        token = self.csrf_of("/screening/new/", "screening: form")
        if token is None:
            return
        title = self.title("text")
        data = {
            "csrfmiddlewaretoken": token,
            "unit": str(self.login["unit_id"]),
            "title": title,
            "classification": "internal",
            "chosen_type": "",
            "text": TEXT * _rng.randint(1, 4),
        }
        match = self.post_expecting(
            "/screening/new/", data, "screening: screen a text", DOCUMENT_URL
        )
        if match:
            confirm({"kind": "document", "id": int(match.group(1)), "title": title})
            self.read(match.group(0), "screening: detail")


def percentile(entries: list[Any], share: float) -> float:
    """The response time below which ``share`` of the requests of ``entries`` fell."""
    times: dict[int, int] = {}
    for entry in entries:
        for rounded, count in entry.response_times.items():
            times[rounded] = times.get(rounded, 0) + count
    total = sum(times.values())
    return float(calculate_response_time_percentile(times, total, share)) if total else 0.0


@events.quitting.add_listener
def judge(environment: Any, **_kwargs: Any) -> None:
    """Pass only when p95 and the share of failures are within the limits."""
    stats = environment.stats
    total = stats.total
    p95 = total.get_response_time_percentile(0.95) or 0
    p50 = total.get_response_time_percentile(0.5) or 0
    ratio = total.fail_ratio
    ok = p95 < P95_LIMIT_MS and ratio < MAX_ERROR_RATIO and total.num_requests > 0
    logins = [e for e in stats.entries.values() if e.name.startswith("log in")]
    tasks = [e for e in stats.entries.values() if not e.name.startswith("log in")]
    print(
        f"\nLoad test: {total.num_requests} requests, {total.num_failures} failed "
        f"({ratio:.3%}), p50 {p50:.0f} ms, p95 {p95:.0f} ms, "
        f"{total.total_rps:.1f} requests/s -> {'PASS' if ok else 'FAIL'} "
        f"(limits: p95 < {P95_LIMIT_MS:.0f} ms, failures < {MAX_ERROR_RATIO:.1%})\n"
        f"  the weekly tasks alone: p50 {percentile(tasks, 0.5):.0f} ms, "
        f"p95 {percentile(tasks, 0.95):.0f} ms; the log-in steps: "
        f"p50 {percentile(logins, 0.5):.0f} ms, p95 {percentile(logins, 0.95):.0f} ms"
    )
    environment.process_exit_code = 0 if ok else 1
