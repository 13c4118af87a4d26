"""A person's tokens die with what vouched for them: password, second factor, account."""

from __future__ import annotations

from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.api.conftest import MakeToken, bearer_client
from tests.personas import PASSWORD, Cast, make_person, verified_client
from wpsdesk.accounts import resets
from wpsdesk.accounts.models import ResetKind
from wpsdesk.accounts.services import enrolment_confirm, enrolment_start
from wpsdesk.api.models import ApiToken
from wpsdesk.audit.models import SecurityEvent

NEW_PASSWORD = "another long passphrase 2027"


def works(text: str) -> bool:
    return bearer_client(text).get(reverse("api:me")).status_code == 200


def revoked_for(reason: str) -> int:
    return SecurityEvent.objects.filter(kind="api_token.revoked", details__reason=reason).count()


def test_changing_my_password_revokes_my_tokens(cast: Cast, make_token: MakeToken) -> None:
    _token, text = make_token(cast.officer)
    _other, other_text = make_token(cast.outsider)
    assert works(text)
    response = verified_client(cast.officer).post(
        reverse("accounts:password_change"),
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    assert not works(text)
    assert works(other_text)  # nobody else's
    assert revoked_for("password_changed") == 1
    assert SecurityEvent.objects.filter(kind="password.changed").count() == 1


def test_a_password_set_any_other_way_revokes_the_tokens_and_is_logged(
    cast: Cast, make_token: MakeToken
) -> None:
    _token, text = make_token(cast.officer)
    cast.officer.set_password(NEW_PASSWORD)
    cast.officer.save()
    assert not works(text)
    event = SecurityEvent.objects.get(kind="password.changed")
    assert event.target_id == str(cast.officer.pk)
    assert event.details == {"by": "other"}


def test_a_hash_upgrade_at_log_in_is_no_password_change(cast: Cast, make_token: MakeToken) -> None:
    _token, text = make_token(cast.officer)
    cast.officer.save(update_fields=["password"])
    assert works(text)
    assert not SecurityEvent.objects.filter(kind="password.changed").exists()


def test_removing_the_authenticator_app_revokes_the_tokens(
    cast: Cast, make_token: MakeToken
) -> None:
    _token, text = make_token(cast.officer)
    TOTPDevice.objects.filter(user=cast.officer).delete()
    assert not works(text)
    assert revoked_for("second_factor_changed") == 1


def test_a_second_factor_reset_revokes_the_tokens(cast: Cast, make_token: MakeToken) -> None:
    _token, text = make_token(cast.officer)
    second_admin = make_person("admin2", is_staff=True)
    reset = resets.reset_request(
        actor=cast.admin, person=cast.officer, kind=ResetKind.SECOND_FACTOR, reason="lost phone"
    )
    resets.reset_approve(actor=second_admin, reset=reset)
    assert not works(text)


def test_confirming_a_new_authenticator_app_revokes_the_tokens(
    cast: Cast, make_token: MakeToken
) -> None:
    TOTPDevice.objects.filter(user=cast.officer).delete()
    _token, text = make_token(cast.officer)
    enrolment = enrolment_start(user=cast.officer)

    code = f"{totp(enrolment.device.bin_key):06d}"
    assert enrolment_confirm(user=cast.officer, code=code) is not None
    assert not works(text)


def test_using_the_app_does_not_revoke_the_tokens(cast: Cast, make_token: MakeToken) -> None:
    _token, text = make_token(cast.officer)
    device = TOTPDevice.objects.get(user=cast.officer)
    device.verify_token("000000")  # django-otp saves its throttle state
    device.save()
    assert works(text)


def test_disabling_the_person_revokes_the_tokens(cast: Cast, make_token: MakeToken) -> None:
    _token, text = make_token(cast.officer)
    cast.officer.is_active = False
    cast.officer.save()
    assert not works(text)
    assert not ApiToken.objects.usable().filter(owner=cast.officer).exists()
    assert revoked_for("person_disabled") == 1
