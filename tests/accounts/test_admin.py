"""The Django admin: only verified administrators, through our log-in; no device secrets."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.test import Client, RequestFactory
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.accounts.conftest import events, log_in_with_password
from tests.personas import PASSWORD, Cast, verified_client
from wpsdesk.accounts.services import recovery_codes_generate


def test_the_admin_log_in_page_sends_people_to_our_log_in(db: None) -> None:
    response = Client().get("/admin/login/?next=/admin/organisation/")
    assert response.status_code == 302
    assert response["Location"].startswith(f"{reverse('accounts:login')}?next=")


def test_after_our_log_in_an_administrator_goes_on_to_the_admin_page(cast: Cast) -> None:
    response = verified_client(cast.admin).get("/admin/login/?next=/admin/organisation/")
    assert response.status_code == 302
    assert response["Location"] == "/admin/organisation/"


def test_the_admin_log_in_page_does_not_redirect_to_another_site(cast: Cast) -> None:
    response = verified_client(cast.admin).get("/admin/login/?next=https://evil.example/")
    assert response["Location"] == reverse("admin:index")


def test_the_admin_log_in_form_cannot_log_anyone_in(cast: Cast) -> None:
    client = Client()
    response = client.post(
        "/admin/login/", {"username": "admin", "password": PASSWORD, "next": "/admin/"}
    )
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
    assert "_auth_user_id" not in client.session


def test_a_verified_administrator_reaches_the_admin(cast: Cast) -> None:
    assert verified_client(cast.admin).get("/admin/").status_code == 200


def test_an_administrator_with_only_a_password_is_sent_to_the_second_factor(cast: Cast) -> None:
    client = Client()
    log_in_with_password(client, cast.admin)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:second_factor"))


@pytest.mark.parametrize("persona", ["officer", "coordinator", "auditor"])
def test_verified_people_who_are_not_administrators_are_refused(cast: Cast, persona: str) -> None:
    client = verified_client(getattr(cast, persona))
    response = client.get("/admin/", follow=True)
    assert response.status_code == 403
    assert response.redirect_chain[0][0].startswith("/admin/login/")


def test_a_staff_flag_without_the_second_factor_is_not_enough(cast: Cast) -> None:

    from wpsdesk.accounts.apps import AccountsConfig  # noqa: F401  (ready() has run)

    request = RequestFactory().get("/admin/")
    request.user = cast.admin
    request.session = {}  # type: ignore[assignment]
    assert admin.site.has_permission(request) is False


def test_the_admin_shows_no_authenticator_key_or_recovery_code(cast: Cast) -> None:
    codes = recovery_codes_generate(user=cast.officer)
    device = TOTPDevice.objects.get(user=cast.officer)
    client = verified_client(cast.admin)
    listing = client.get("/admin/otp_totp/totpdevice/")
    assert listing.status_code == 200
    page = client.get(f"/admin/otp_totp/totpdevice/{device.pk}/change/")
    assert page.status_code == 200
    assert device.key not in page.content.decode()
    qr = client.get(f"/admin/otp_totp/totpdevice/{device.pk}/config/", follow=True)
    assert not qr["Content-Type"].startswith("image/")
    assert device.key not in qr.content.decode()
    static = cast.officer.staticdevice_set.get()
    static_page = client.get(f"/admin/otp_static/staticdevice/{static.pk}/change/")
    html = static_page.content.decode()
    for token in StaticToken.objects.values_list("token", flat=True):
        assert token not in html
    for code in codes:
        assert code not in html and code.replace("-", "") not in html


def test_the_admin_cannot_add_a_device_for_someone(cast: Cast) -> None:
    client = verified_client(cast.admin)
    assert client.get("/admin/otp_totp/totpdevice/add/").status_code == 403


def test_the_admin_cannot_remove_a_device_directly(cast: Cast) -> None:
    """A lost phone is a credential reset with a second administrator's approval."""
    device = TOTPDevice.objects.get(user=cast.officer)
    client = verified_client(cast.admin)
    response = client.post(f"/admin/otp_totp/totpdevice/{device.pk}/delete/", {"post": "yes"})
    assert response.status_code == 403
    assert TOTPDevice.objects.filter(user=cast.officer).exists()
    assert events("second_factor.removed") == []


def test_logging_out_of_the_admin_is_our_log_out(cast: Cast) -> None:
    client = verified_client(cast.admin)
    response = client.post("/admin/logout/")
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 302
    [event] = events("logout")
    assert event.actor_id == cast.admin.pk
