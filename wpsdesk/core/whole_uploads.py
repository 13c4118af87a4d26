"""An upload is all or nothing: a multipart body that did not arrive whole is refused.

A connection cut in the middle of an upload leaves Django's parser with what arrived: the
text fields before the file, and no file (or a piece of one). A form that accepts text
alone would then store a text-only record and say it was saved. This middleware watches
the bytes of every multipart request as they are read and, before any view sees the
form, refuses the request (400, nothing stored, a plain page saying so) when the body is
shorter than its declared length or does not end with the closing boundary.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse, QueryDict
from django.http.multipartparser import MultiPartParserError
from django.template.loader import render_to_string
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext as _

Handler = Callable[[HttpRequest], HttpResponse]
TAIL = 200  # bytes kept from the end of the body; the closing boundary is at most 74


class WatchedStream:
    """The request's body stream, counting what is read and keeping its last bytes."""

    def __init__(self, stream: Any) -> None:
        self._stream = stream
        self.received = 0
        self.tail = b""

    def _seen(self, data: bytes) -> bytes:
        self.received += len(data)
        self.tail = (self.tail + data)[-TAIL:]
        return data

    def read(self, size: int = -1, /) -> bytes:
        return self._seen(self._stream.read(size))

    def readline(self, size: int = -1, /) -> bytes:
        return self._seen(self._stream.readline(size))

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


def _boundary(content_type: str) -> bytes | None:
    for part in content_type.split(";")[1:]:
        key, _sep, value = part.strip().partition("=")
        if key.strip().lower() == "boundary" and value:
            return value.strip().strip('"').encode("latin-1", "replace")
    return None


def arrived_whole(stream: WatchedStream, declared: int, boundary: bytes) -> bool:
    """Whether every declared byte came and the body ends with its closing boundary."""
    if stream.received < declared:
        return False
    return stream.tail.rstrip(b"\r\n").endswith(b"--" + boundary + b"--")


def _refusal(request: HttpRequest) -> HttpResponse:
    title = _("The upload did not arrive whole")
    detail = _(
        "The connection was cut before the whole form arrived, so nothing was stored. "
        "Please send it again."
    )
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": detail}, status=400)
    html = render_to_string("core/error.html", {"status": 400, "title": title, "detail": detail})
    return HttpResponse(html, status=400)


def whole_uploads(get_response: Handler) -> Handler:
    """Refuse a multipart request whose body was cut off, before any view reads it."""

    def middleware(request: HttpRequest) -> HttpResponse:
        content_type = request.META.get("CONTENT_TYPE", "")
        if request.method == "POST" and content_type.lower().startswith("multipart/"):
            boundary = _boundary(content_type)
            stream = getattr(request, "_stream", None)
            try:
                declared = int(request.META.get("CONTENT_LENGTH") or 0)
            except ValueError:
                declared = 0
            if boundary and stream is not None and declared > 0:
                watched = WatchedStream(stream)
                request._stream = watched  # type: ignore[assignment]
                try:
                    request.POST  # noqa: B018  (parse now, while the stream is watched)
                except MultiPartParserError:
                    return _refusal(request)
                if not arrived_whole(watched, declared, boundary):
                    # Forget what was parsed: no later code may see the partial form.
                    request._post = QueryDict()  # type: ignore[attr-defined]
                    request._files = MultiValueDict()  # type: ignore[attr-defined]
                    return _refusal(request)
        return get_response(request)

    return middleware
