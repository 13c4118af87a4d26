"""PLACEHOLDER — replaced by the SSO work."""

from mozilla_django_oidc.auth import OIDCAuthenticationBackend


class OrganisationOIDCBackend(OIDCAuthenticationBackend):
    pass
