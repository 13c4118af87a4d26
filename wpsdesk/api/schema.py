"""How the OpenAPI schema describes our authentication classes and edit preconditions."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from drf_spectacular import openapi
from drf_spectacular.extensions import OpenApiAuthenticationExtension

from . import preconditions


class HashedTokenScheme(OpenApiAuthenticationExtension):
    target_class = "wpsdesk.api.authentication.HashedTokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {
            "type": "http",
            "scheme": "bearer",
            "bearerFormat": "wpsd_<prefix>_<secret>",
            "description": "A personal API token. Scope 'read' for GET, 'write' for changes.",
        }


class VerifiedSessionScheme(OpenApiAuthenticationExtension):
    target_class = "wpsdesk.api.authentication.VerifiedSessionAuthentication"
    name = "cookieAuth"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {
            "type": "apiKey",
            "in": "cookie",
            "name": settings.SESSION_COOKIE_NAME,
            "description": "A browser session that has passed the second factor.",
        }


class AutoSchema(openapi.AutoSchema):
    """drf-spectacular's schema, plus ETag and If-Match on records two people can edit.

    Every view with ``requires_if_match`` (``wpsdesk.api.preconditions.VersionedAPIMixin``)
    documents the ETag of a record it returns, the If-Match its PUT and PATCH require, and
    their 412 and 428 answers: a new app gets them by using the mixin.
    """

    def _versioned(self) -> bool:
        return bool(getattr(self.view, "requires_if_match", False))

    def _is_edit(self) -> bool:
        return self.method in ("PUT", "PATCH") and self._versioned()

    def get_override_parameters(self) -> list[Any]:
        parameters = list(super().get_override_parameters())
        if self._is_edit():
            parameters.append(preconditions.IF_MATCH)
        if self._versioned() and (self._is_edit() or (self.method == "GET" and self._is_detail())):
            parameters.append(preconditions.ETAG)
        return parameters

    def _resolve_path_parameters(self, variables: list[str]) -> list[Any]:
        # Our routes take record ids with the regex ``[0-9]+`` (so that "issues/" is not read
        # as an id); drf-spectacular describes such a part as a string with a pattern, and a
        # generated client would then ask for ``id: str``. An id is a number: say so.
        parameters = super()._resolve_path_parameters(variables)
        for parameter in parameters:
            schema = parameter.get("schema", {})
            if schema.get("type") == "string" and schema.get("pattern") == r"^[0-9]+$":
                parameter["schema"] = {"type": "integer"}
        return parameters

    def _is_detail(self) -> bool:
        return "{" in self.path.rstrip("/").rsplit("/", 1)[-1]

    def get_operation(self, *args: Any, **kwargs: Any) -> Any:
        operation = super().get_operation(*args, **kwargs)
        if operation and self._is_edit():
            # A view whose responses are given with ``extend_schema`` gets a schema class
            # whose get_response_serializers replaces ours: add the 412 and 428 here too.
            for code, response in preconditions.RESPONSES.items():
                if str(code) not in operation["responses"]:
                    operation["responses"][str(code)] = self._get_response_for_code(
                        response, str(code)
                    )
        return operation

    def get_response_serializers(self) -> Any:
        responses: Any = super().get_response_serializers()
        if not self._is_edit():
            return responses
        if not isinstance(responses, dict) or not all(isinstance(k, int) for k in responses):
            responses = {200: responses}
        return {**preconditions.RESPONSES, **responses}
