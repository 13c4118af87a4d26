"""Authorization rows for log-in, second factor, "Your account", session clock and SSO.

Everyone with an account may manage their own account, a former member included. The
log-in, log-out, session clock and single sign-on routes are public; the second-factor
routes are marked public too because a person with only a password must reach them (the
views send anonymous visitors to log in; ``test_second_factor.py`` covers each case).
"""

from tests.authz import PERSONAS, Row

ALL_PEOPLE = frozenset(PERSONAS)

ROWS = [
    Row("accounts:login", public=True),
    Row(
        "accounts:login",
        method="POST",
        public=True,
        data=lambda cast, setup: {"username": "nobody", "password": "not the password"},
        notes="a refused log-in is the log-in page again (200), never an error status",
    ),
    Row("accounts:logout", method="POST", public=True, notes="anonymous: back to log-in"),
    Row("accounts:password_set", public=True, notes="before log-in: the one-time code is the key"),
    Row(
        "accounts:password_set",
        method="POST",
        public=True,
        data=lambda cast, setup: {
            "code": "not-a-code",
            "new_password1": "x",
            "new_password2": "x",
        },
        notes="a wrong code: the page again with a message (200)",
    ),
    Row("accounts:second_factor", public=True, notes="password-only step"),
    Row(
        "accounts:second_factor",
        method="POST",
        public=True,
        data=lambda cast, setup: {"code": "000000"},
    ),
    Row("accounts:second_factor_enrol", public=True, notes="password-only step"),
    Row("accounts:session_status", public=True, notes="speaks only of the caller's session"),
    Row("accounts:session_extend", method="POST", public=True),
    Row("accounts:security", allowed=ALL_PEOPLE),
    Row(
        "accounts:password_change",
        method="POST",
        allowed=ALL_PEOPLE,
        data=lambda cast, setup: {"old_password": "wrong", "new_password1": "x"},
        notes="wrong current password: the page again with errors",
    ),
    Row(
        "accounts:recovery_codes_regenerate",
        method="POST",
        allowed=ALL_PEOPLE,
        data=lambda cast, setup: {"codes-code": "12"},
        notes="a malformed code: the page again with errors",
    ),
    Row("accounts:reauthenticate", allowed=ALL_PEOPLE),
    Row(
        "accounts:reauthenticate",
        method="POST",
        allowed=ALL_PEOPLE,
        data=lambda cast, setup: {"code": "12"},
        notes="a malformed code: the page again with errors",
    ),
    Row("accounts:oidc_authentication_init", public=True, notes="SSO off: back to log-in"),
    Row("accounts:oidc_authentication_callback", public=True, notes="no code: back to log-in"),
]
