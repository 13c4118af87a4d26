"""ETag and If-Match for records two people can edit (see ``docs/api.md``).

A GET of such a record answers with ``ETag: "<version>"`` and the body's ``version``. A PUT
or PATCH must send that back as ``If-Match``: without it the answer is 428 Precondition
Required, and when someone else saved since it is 412 Precondition Failed with who changed
what; nothing is written in either case. The check itself is the service's
(:func:`wpsdesk.core.concurrency.ensure_current`), in the same transaction as the write.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from drf_spectacular.utils import OpenApiParameter, OpenApiResponse
from rest_framework import serializers, status
from rest_framework.exceptions import APIException
from rest_framework.request import Request
from rest_framework.response import Response

from wpsdesk.core.concurrency import VERSION_FIELD, StaleEdit, parse_version

EDIT_METHODS = frozenset({"PUT", "PATCH"})


class PreconditionRequired(APIException):
    status_code = status.HTTP_428_PRECONDITION_REQUIRED
    default_detail = (
        'Send the version you read as an If-Match header (If-Match: "<version>"); '
        "the record's ETag and its 'version' field give it."
    )
    default_code = "precondition_required"


class PreconditionFailed(APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_detail = "Someone else changed the record after you read it; nothing was written."
    default_code = "precondition_failed"


def stale_response_detail(exc: StaleEdit) -> dict[str, Any]:
    """The 412 body: what happened, the version now stored and who changed what since."""
    return {
        "detail": (
            f"Someone else changed the record after version {exc.seen}; nothing was written. "
            f"Read it again (it is at version {exc.current}) and send your change with "
            f'If-Match: "{exc.current}".'
        ),
        "current_version": exc.current,
        "changes": [
            {
                "by": change.who,
                "at": change.when.isoformat() if change.when else None,
                "fields": {c.label: c.value for c in change.fields},
            }
            for change in exc.changes()
        ],
    }


def precondition_failed(exc: StaleEdit) -> PreconditionFailed:
    """The API error for a refused stale change."""
    failure = PreconditionFailed()
    # Set as is: the constructor would turn the numbers and nulls of the body into strings.
    body: Any = stale_response_detail(exc)
    failure.detail = body
    return failure


def if_match_version(request: Request) -> int:
    """The version a PUT or PATCH was made from; 428 when it sends none, 412 when unreadable."""
    raw = request.headers.get("If-Match", "").strip()
    if not raw or raw == "*":
        raise PreconditionRequired
    version = parse_version(raw.split(",")[0])
    if version is None:
        failure = PreconditionFailed()
        body: Any = {
            "detail": "If-Match does not name a version of this record; read it again.",
            "current_version": None,
            "changes": [],
        }
        failure.detail = body
        raise failure
    return version


if TYPE_CHECKING:
    from rest_framework.views import APIView

    _ViewBase = APIView
else:
    _ViewBase = object


class VersionedAPIMixin(_ViewBase):
    """For viewsets of records two people can edit: ETag on a record, If-Match required.

    The schema (``wpsdesk.api.schema.AutoSchema``) documents the header and the 412/428
    answers for every view that has this mixin.
    """

    requires_if_match = True

    def if_match(self) -> int:
        return if_match_version(self.request)

    def finalize_response(
        self, request: Request, response: Response, *args: Any, **kwargs: Any
    ) -> Response:
        response = super().finalize_response(request, response, *args, **kwargs)
        data = getattr(response, "data", None)
        if (
            response.status_code in (200, 201)
            and isinstance(data, dict)
            and isinstance(data.get(VERSION_FIELD), int)
            and "pk" in kwargs
        ):
            response["ETag"] = f'"{data[VERSION_FIELD]}"'
        return response


class StaleSerializer(serializers.Serializer):
    detail = serializers.CharField()
    current_version = serializers.IntegerField(allow_null=True)
    changes = serializers.ListField(child=serializers.DictField())


class DetailSerializer(serializers.Serializer):
    detail = serializers.CharField()


IF_MATCH = OpenApiParameter(
    "If-Match",
    str,
    OpenApiParameter.HEADER,
    required=True,
    description='The version read, as the ETag gave it: "7". Required; 412 when stale.',
)
ETAG = OpenApiParameter(
    "ETag",
    str,
    OpenApiParameter.HEADER,
    description="The record's version, to send back as If-Match.",
    response=[200],
)
RESPONSES: dict[int, OpenApiResponse] = {
    412: OpenApiResponse(
        StaleSerializer,
        description="Someone else changed the record since that version; nothing written.",
    ),
    428: OpenApiResponse(DetailSerializer, description="No If-Match header was sent."),
}
