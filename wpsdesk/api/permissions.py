"""PLACEHOLDER — replaced by the API work."""

from rest_framework.permissions import IsAuthenticated


class IsVerifiedPerson(IsAuthenticated):
    pass
