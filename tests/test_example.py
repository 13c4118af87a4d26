"""A guided tour of how wpsdesk is tested. Read this first.

1. **Personas.** ``tests/personas.py`` creates two embassies and a section, and people
   named for their roles: ``officer`` (editor in Bogotá), ``lead``, ``reader``,
   ``outsider`` (Amman), ``coordinator`` (HQ), ``auditor``, ``admin``, ``former``. The
   ``cast`` fixture gives them to a test; ``verified_client(user)`` logs one in past the
   second factor.
2. **The policy layer** decides what a person sees: tests call it directly, and every
   page test shows its effect.
3. **Services** do the writes; a test calls the service and checks the database and the
   security log.
4. **Query counts** are asserted on every list page, so an N+1 shows up as a failure.
5. **The authorization table** (``tests/<app>/authz_rows.py``) covers every route.
"""

from __future__ import annotations

from django.urls import reverse

from tests.personas import Cast, verified_client
from tests.policyapp.models import Note
from wpsdesk.audit.models import SecurityEvent
from wpsdesk.organisation import policy, services
from wpsdesk.organisation.models import Classification, Role


def test_the_policy_layer_decides_who_sees_a_record(cast: Cast) -> None:
    note = Note.objects.create(unit=cast.bogota, title="Meeting with the women's network")
    assert policy.visible_to(Note.objects.all(), user=cast.reader).get() == note
    assert not policy.visible_to(Note.objects.all(), user=cast.outsider).exists()


def test_restricted_records_need_clearance(cast: Cast) -> None:
    Note.objects.create(unit=cast.bogota, title="Contact", classification=Classification.RESTRICTED)
    assert policy.visible_to(Note.objects.all(), user=cast.officer).count() == 1
    assert policy.visible_to(Note.objects.all(), user=cast.reader).count() == 0


def test_a_service_writes_and_the_security_log_remembers(cast: Cast) -> None:
    membership = services.membership_add(
        actor=cast.lead, unit=cast.bogota, person=cast.coordinator, role=Role.READER
    )
    event = SecurityEvent.objects.latest("sequence")
    assert (event.kind, event.target_id) == ("membership.created", str(membership.pk))


def test_pages_assert_their_query_counts(cast: Cast, django_assert_num_queries) -> None:
    client = verified_client(cast.officer)
    # The home page's exact counts per persona are in tests/core/test_home_pages.py.
    with django_assert_num_queries(19):
        response = client.get(reverse("core:home"))
    assert response.status_code == 200
