"""PLACEHOLDER — replaced by the API work."""

from rest_framework.authentication import BaseAuthentication, SessionAuthentication


class HashedTokenAuthentication(BaseAuthentication):
    def authenticate(self, request):  # type: ignore[no-untyped-def]
        return None


class VerifiedSessionAuthentication(SessionAuthentication):
    pass
