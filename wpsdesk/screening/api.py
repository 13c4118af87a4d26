"""The screening API under ``/api/screening/``: the same rules and services as the pages.

* ``documents/``: the documents one may read (filtered, paged); adding one (an upload or a
  text) goes through :func:`services.add_document`, deleting through
  :func:`services.delete_document`. Another unit's document is 404; a reader of the unit
  gets 403 on delete.
* ``compare/``: two screened documents one may read, compared by the engine.
* ``screen/``: a text or file screened on the spot and forgotten (speaking points, a
  paragraph before it goes into a draft). Nothing is stored.

``compare/`` and ``screen/`` are POSTs that change nothing, so a token with the ``read``
scope may use them (:class:`ReadScopeSuffices`); adding and deleting documents need
``write``. Each route has rows in tests/screening/authz_api.py.
"""

from __future__ import annotations

from typing import Any, cast

from django.conf import settings
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.files.uploadedfile import UploadedFile
from django.db.models import Q, QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import UserRateThrottle
from rest_framework.views import APIView

from wpsdesk.api.models import ApiToken, Scope
from wpsdesk.api.permissions import IsVerifiedPerson
from wpsdesk.api.preconditions import VersionedAPIMixin
from wpsdesk.api.service_calls import MAX_ID, Choice, call_service, id_filter
from wpsdesk.core.sealed_files import clean_name
from wpsdesk.organisation.models import Classification, Unit, User
from wpsdesk.organisation.policy import get_visible_or_404, may_edit, visible_to
from wpsdesk.screening.engine import Limits, ScreeningError, screen_bytes, screen_text

from . import services
from .exports import FORMATS, theme_labels
from .models import (
    DocumentType,
    ScreenedDocument,
    ScreenedDocumentQuerySet,
    Source,
    Stage,
    Status,
)

NOT_FOUND = OpenApiResponse(description="No such document, or not yours to see.")
#: What an edit answers a reader of the document (403) and anyone else (404).
EDIT_REFUSED = {403: OpenApiResponse(description="You may only read it."), 404: NOT_FOUND}
BAD_INPUT = OpenApiResponse(
    description='Input that cannot be used: `{"detail": [plain messages]}` or, for a file the '
    'engine refused, `{"detail": "…", "code": "encrypted"}`.'
)
WEIGHTS = (("substantive", "substantive"), ("passing", "passing"))
DEFAULT_SCREEN_BYTES = 2_000_000


def screen_limits() -> Limits:
    """The limits of ``screen/``: it answers while the caller waits, so it takes less than
    a stored document (``SCREENING_API_MAX_BYTES``, 2 MB of file or text)."""
    cap = int(getattr(settings, "SCREENING_API_MAX_BYTES", DEFAULT_SCREEN_BYTES))
    return Limits(max_bytes=cap, max_chars=cap)


class ReadScopeSuffices(IsVerifiedPerson):
    """As :class:`IsVerifiedPerson`, but a POST here changes nothing: ``read`` suffices."""

    def _allowed(self, request: Request) -> bool:
        token = request.auth
        if request.method == "POST" and isinstance(token, ApiToken):
            user = request.user
            if user is None or not user.is_authenticated or not user.is_active:
                return False
            if token.has_scope(Scope.READ):
                return token.is_usable
            self.message = gettext_lazy("This token lacks the scope %(scope)s.") % {
                "scope": Scope.READ
            }
            return False
        return super()._allowed(request)


class ScreeningThrottle(UserRateThrottle):
    """Screening on request costs seconds of a processor: a ceiling per person, on top of
    the general one."""

    scope = "screening"
    rate = "300/hour"


def _call(func: Any, **kwargs: Any) -> Any:
    """Run a service: its plain refusals become a 400, a missing right a 403."""
    return call_service(func, missing_right=PermissionDenied, **kwargs)


def _engine_error(exc: ScreeningError) -> Response:
    return Response({"detail": str(exc), "code": exc.code}, status=status.HTTP_400_BAD_REQUEST)


# --- serializers -----------------------------------------------------------------------


class CountsSerializer(serializers.Serializer):
    pages = serializers.IntegerField(read_only=True)
    characters = serializers.IntegerField(read_only=True)
    findings = serializers.IntegerField(source="findings_count", read_only=True)
    substantive = serializers.IntegerField(source="substantive_count", read_only=True)
    provisions = serializers.IntegerField(
        source="provisions_count", read_only=True, help_text="Provisions with WPS content."
    )
    gaps = serializers.IntegerField(source="gaps_count", read_only=True)


class DocumentSerializer(serializers.ModelSerializer[ScreenedDocument]):
    unit_code = serializers.CharField(source="unit.code", read_only=True)
    classification = Choice(choices=Classification.choices, read_only=True)
    source = Choice(choices=Source.choices, read_only=True)  # type: ignore[assignment]
    chosen_type = Choice(choices=DocumentType.choices, allow_blank=True, read_only=True)
    document_type = Choice(
        source="detected_type",
        choices=DocumentType.choices,
        allow_blank=True,
        read_only=True,
        help_text="The type it was screened as (chosen, or recognised); empty until screened.",
    )
    status = Choice(choices=Status.choices, read_only=True)
    stage = Choice(choices=Stage.choices, allow_blank=True, read_only=True)
    counts = CountsSerializer(source="*", read_only=True)
    themes = serializers.ListField(
        source="theme_ids", child=serializers.CharField(), read_only=True
    )
    added_by = serializers.CharField(source="added_by.username", default=None, read_only=True)
    links = serializers.SerializerMethodField()

    class Meta:
        model = ScreenedDocument
        fields = [
            "id",
            "unit",
            "unit_code",
            "title",
            "classification",
            "source",
            "file_name",
            "file_format",
            "size",
            "chosen_type",
            "document_type",
            "status",
            "stage",
            "progress",
            "error_code",
            "error",
            "taxonomy_version",
            "counts",
            "themes",
            "added_by",
            "added_at",
            "screened_at",
            "version",
            "links",
        ]
        read_only_fields = fields

    @extend_schema_field(
        {
            "type": "object",
            "description": "Paths of this document in the API and on the web, and its "
            "findings downloads (once screened).",
            "additionalProperties": {},
        }
    )
    def get_links(self, document: ScreenedDocument) -> dict[str, Any]:
        links: dict[str, Any] = {
            "self": reverse("api:screening:document-detail", kwargs={"pk": document.pk}),
            "page": reverse("screening:detail", kwargs={"pk": document.pk}),
        }
        if document.status == Status.DONE:
            links["exports"] = {
                fmt: reverse("screening:export", kwargs={"pk": document.pk, "fmt": fmt})
                for fmt in FORMATS
            }
        return links


class FindingSerializer(serializers.Serializer):
    """One finding as the engine gives it, with its theme's label."""

    theme = serializers.CharField()
    theme_label = serializers.CharField()
    term = serializers.CharField()
    text = serializers.CharField(help_text="The matched words as they stand in the text.")
    start = serializers.IntegerField()
    end = serializers.IntegerField()
    page = serializers.IntegerField()
    paragraph = serializers.IntegerField()
    provision = serializers.CharField()
    weight = Choice(choices=WEIGHTS)
    reason = serializers.CharField()
    sentence = serializers.CharField()
    language = serializers.CharField()


class DocumentDetailSerializer(DocumentSerializer):
    summary = serializers.SerializerMethodField()
    findings = serializers.SerializerMethodField()

    class Meta(DocumentSerializer.Meta):
        fields = [*DocumentSerializer.Meta.fields, "summary", "findings"]
        read_only_fields = fields

    def _result(self, document: ScreenedDocument) -> dict[str, Any]:
        # Decrypted and parsed once per document, for both fields.
        cached = getattr(document, "_api_result", None)
        if cached is None:
            cached = document.result_data()
            document._api_result = cached  # type: ignore[attr-defined]
        return cached

    @extend_schema_field(
        {
            "type": "object",
            "nullable": True,
            "description": "Themes present and absent, counts, strongest provisions and the "
            "gap list; null until screened.",
            "additionalProperties": {},
        }
    )
    def get_summary(self, document: ScreenedDocument) -> dict[str, Any] | None:
        return self._result(document).get("summary")

    @extend_schema_field(FindingSerializer(many=True))
    def get_findings(self, document: ScreenedDocument) -> list[dict[str, Any]]:
        theme = self.context.get("theme")
        weight = self.context.get("weight")
        labels = theme_labels()
        return [
            {**finding, "theme_label": labels.get(finding["theme"], finding["theme"])}
            for finding in self._result(document).get("findings") or []
            if (not theme or finding["theme"] == theme)
            and (not weight or finding["weight"] == weight)
        ]


class DocumentFilterSerializer(serializers.Serializer):
    unit = id_filter(help_text="Unit id.")
    status = Choice(choices=Status.choices, required=False)
    type = Choice(
        choices=DocumentType.choices, required=False, help_text="The type it is screened as."
    )
    theme = serializers.CharField(required=False, help_text="A theme id found in it.")
    q = serializers.CharField(required=False, help_text="Words in the title.")


class FindingFilterSerializer(serializers.Serializer):
    theme = serializers.CharField(required=False, help_text="Only findings of this theme id.")
    weight = Choice(choices=WEIGHTS, required=False, help_text="Only findings of this weight.")

    def validate_theme(self, value: str) -> str:
        if value not in theme_labels():
            raise ValidationError(_("There is no theme %(theme)s.") % {"theme": value})
        return value


class InputSerializer(serializers.Serializer):
    """A file (multipart ``file``) or a text (``text``), not both."""

    file = serializers.FileField(required=False, help_text="Text, PDF, Word (.docx) or HTML.")
    text = serializers.CharField(required=False, allow_blank=True, trim_whitespace=False)
    document_type = Choice(
        choices=DocumentType.choices,
        required=False,
        allow_blank=True,
        # No default: a default of "" would not match the schema's own pattern for the field.
        help_text="The gap-list template; empty or left out to let wpsdesk recognise it.",
    )

    def validate(self, data: dict[str, Any]) -> dict[str, Any]:
        if ("file" in data) == ("text" in data):
            raise ValidationError({"detail": [_("Upload a file or give a text, not both.")]})
        return data


class DocumentCreateSerializer(InputSerializer):
    unit = serializers.PrimaryKeyRelatedField(queryset=Unit.objects.all(), help_text="Unit id.")
    title = serializers.CharField(required=False, allow_blank=True, default="", max_length=200)
    classification = Choice(choices=Classification.choices, default=Classification.INTERNAL)


class DocumentUpdateSerializer(serializers.Serializer):
    """What may change on a document; a new document type screens it again."""

    title = serializers.CharField(required=False, max_length=200)
    classification = Choice(choices=Classification.choices, required=False)
    classification_reason = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=300,
        help_text="Why the classification is lowered; lowering needs the unit lead.",
    )
    document_type = Choice(choices=DocumentType.choices, required=False, allow_blank=True)


class CompareSerializer(serializers.Serializer):
    old = serializers.IntegerField(
        min_value=1, max_value=MAX_ID, help_text="Id of the earlier draft."
    )
    new = serializers.IntegerField(
        min_value=1, max_value=MAX_ID, help_text="Id of the later draft."
    )


# --- views -----------------------------------------------------------------------------


def _documents(user: Any) -> QuerySet[ScreenedDocument]:
    return visible_to(
        ScreenedDocument.objects.select_related("unit", "added_by"), user=user
    ).order_by("-added_at", "-pk")


@extend_schema_view(
    list=extend_schema(
        summary="Screened documents you may read", parameters=[DocumentFilterSerializer]
    ),
    retrieve=extend_schema(
        summary="One document: its progress, summary and findings",
        parameters=[FindingFilterSerializer],
        responses={200: DocumentDetailSerializer, 404: NOT_FOUND},
    ),
    create=extend_schema(
        summary="Add a document (a file or a text) and screen it",
        description="Small inputs are screened at once (the answer has status `done` or "
        "`failed`, with the engine's reason in `error`); larger ones are queued: follow "
        "`status` and `progress` on the document. 403 if you may not add documents to "
        "the unit.",
        request={
            "multipart/form-data": DocumentCreateSerializer,
            "application/json": DocumentCreateSerializer,
        },
        responses={201: DocumentDetailSerializer, 400: BAD_INPUT},
    ),
    partial_update=extend_schema(
        summary="Rename, reclassify or retype a document (editors of its unit)",
        description="A new `document_type` screens the kept text again.",
        request=DocumentUpdateSerializer,
        responses={
            200: DocumentDetailSerializer,
            400: BAD_INPUT,
            **EDIT_REFUSED,
        },
    ),
    rescreen=extend_schema(
        summary="Screen a document's kept text again (editors of its unit)",
        description="Long texts are queued: follow `status` and `progress`.",
        request=None,
        responses={
            202: DocumentDetailSerializer,
            400: BAD_INPUT,
            **EDIT_REFUSED,
        },
    ),
    destroy=extend_schema(
        summary="Delete a document and its findings (editors of its unit)",
        responses={
            204: None,
            **EDIT_REFUSED,
        },
    ),
)
class DocumentViewSet(
    VersionedAPIMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]
    lookup_value_regex = r"[0-9]+"
    serializer_class = DocumentSerializer

    def get_serializer_class(self) -> type[serializers.BaseSerializer]:
        if self.action == "create":
            return DocumentCreateSerializer
        if self.action == "retrieve":
            return DocumentDetailSerializer
        return DocumentSerializer

    def get_queryset(self) -> QuerySet[ScreenedDocument]:
        documents = _documents(self.request.user)
        if self.action != "list":
            return documents
        query = DocumentFilterSerializer(data=self.request.query_params.dict())
        query.is_valid(raise_exception=True)
        wanted = query.validated_data
        if "unit" in wanted:
            documents = documents.filter(unit_id=wanted["unit"])
        if "status" in wanted:
            documents = documents.filter(status=wanted["status"])
        if "type" in wanted:
            documents = documents.filter(
                Q(detected_type=wanted["type"]) | Q(detected_type="", chosen_type=wanted["type"])
            )
        if wanted.get("theme"):
            documents = cast(ScreenedDocumentQuerySet, documents).with_theme(wanted["theme"])
        if wanted.get("q"):
            documents = documents.filter(title__icontains=wanted["q"])
        return documents

    def get_object(self) -> ScreenedDocument:
        return get_visible_or_404(self.get_queryset(), user=self.request.user, pk=self.kwargs["pk"])

    def get_serializer_context(self) -> dict[str, Any]:
        context = super().get_serializer_context()
        if self.action == "retrieve":
            query = FindingFilterSerializer(data=self.request.query_params.dict())
            query.is_valid(raise_exception=True)
            context.update(query.validated_data)
        return context

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        given = DocumentCreateSerializer(data=request.data, context=self.get_serializer_context())
        given.is_valid(raise_exception=True)
        data = given.validated_data
        upload: UploadedFile | None = data.get("file")
        document = _call(
            services.add_document,
            actor=cast(User, request.user),
            unit=data["unit"],
            title=data["title"],
            classification=data["classification"],
            chosen_type=data.get("document_type", ""),
            upload=upload,
            text=data.get("text") if upload is None else None,
        )
        body = DocumentDetailSerializer(document, context=self.get_serializer_context()).data
        location = reverse("api:screening:document-detail", kwargs={"pk": document.pk})
        return Response(body, status=status.HTTP_201_CREATED, headers={"Location": location})

    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        document = self._editable()
        version = self.if_match()
        given = DocumentUpdateSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        data = given.validated_data
        _call(
            services.update_document,
            actor=cast(User, request.user),
            document=document,
            version=version,
            title=data.get("title", document.title),
            classification=data.get("classification", document.classification),
            chosen_type=data.get("document_type", document.chosen_type),
            classification_reason=data.get("classification_reason", ""),
        )
        document.refresh_from_db()
        return Response(
            DocumentDetailSerializer(document, context=self.get_serializer_context()).data
        )

    @action(detail=True, methods=["post"])
    def rescreen(self, request: Request, pk: str | None = None) -> Response:
        document = self._editable()
        _call(services.rescreen, actor=cast(User, request.user), document=document)
        document.refresh_from_db()
        body = DocumentDetailSerializer(document, context=self.get_serializer_context()).data
        return Response(body, status=status.HTTP_202_ACCEPTED)

    def _editable(self) -> ScreenedDocument:
        """The document, if the person may read it (else 404) and change it (else 403)."""
        document = self.get_object()
        if not may_edit(self.request.user, document):
            raise PermissionDenied
        return document

    def perform_destroy(self, instance: ScreenedDocument) -> None:
        if not may_edit(self.request.user, instance):
            raise PermissionDenied
        _call(services.delete_document, actor=cast(User, self.request.user), document=instance)


def _brief(document: ScreenedDocument) -> dict[str, Any]:
    return {"id": document.pk, "title": document.title, "unit": document.unit.code}


class CompareView(APIView):
    """WPS provisions added, removed and changed between two screened documents."""

    permission_classes = [ReadScopeSuffices]
    throttle_classes = [UserRateThrottle, ScreeningThrottle]

    @extend_schema(
        summary="Compare two screened drafts",
        description="Both documents must be yours to read (404 otherwise) and screened (400 "
        "otherwise). The answer is the engine's comparison: counts `added`, `removed`, "
        "`changed` and `changes` [status, old_id, new_id, old_text, new_text, themes_added, "
        "themes_removed, terms_added, terms_removed, words [op, old, new]], with `old` and "
        "`new` naming the documents. A token with the `read` scope suffices.",
        request=CompareSerializer,
        responses={200: OpenApiTypes.OBJECT, 400: BAD_INPUT, 404: NOT_FOUND},
    )
    def post(self, request: Request) -> Response:
        given = CompareSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        documents = ScreenedDocument.objects.select_related("unit")
        old = get_visible_or_404(documents, user=request.user, pk=given.validated_data["old"])
        new = get_visible_or_404(documents, user=request.user, pk=given.validated_data["new"])
        if old.pk == new.pk:
            raise ValidationError({"detail": [_("Choose two different documents.")]})
        for document in (old, new):
            if document.status != Status.DONE:
                raise ValidationError(
                    {
                        "detail": [
                            _("“%(title)s” has not been screened yet.") % {"title": document.title}
                        ]
                    }
                )
        try:
            comparison = services.compare_documents(
                actor=cast(User, request.user), old=old, new=new
            )
        except ScreeningError as exc:
            return _engine_error(exc)
        except DjangoPermissionDenied as exc:
            raise Http404 from exc
        return Response({"old": _brief(old), "new": _brief(new), **comparison.to_dict()})


class ScreenView(APIView):
    """Screen a text or a file and forget it: nothing is stored."""

    permission_classes = [ReadScopeSuffices]
    throttle_classes = [UserRateThrottle, ScreeningThrottle]

    @extend_schema(
        summary="Screen a text or a file without storing it",
        description="For speaking points and passages: the answer is the engine's result "
        "(`document`, `taxonomy_version`, `document_type`, `findings`, `summary` with the "
        "gap list and the red flags) and nothing is kept. Files and texts up to 2 MB; a "
        "file that cannot be screened is a 400 with the engine's plain message and `code`. "
        "A token with the `read` scope suffices.",
        request={
            "multipart/form-data": InputSerializer,
            "application/json": InputSerializer,
        },
        responses={200: OpenApiTypes.OBJECT, 400: BAD_INPUT},
    )
    def post(self, request: Request) -> Response:
        given = InputSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        data = given.validated_data
        limits = screen_limits()
        doc_type = data.get("document_type") or None
        try:
            if "file" in data:
                upload: UploadedFile = data["file"]
                screening = screen_bytes(
                    _read(upload, limits),
                    filename=clean_name(upload.name or ""),
                    media_type=upload.content_type,
                    doc_type=doc_type,
                    limits=limits,
                )
            else:
                text: str = data["text"]
                limits.check_size(len(text.encode("utf-8")))
                screening = screen_text(text, doc_type=doc_type, limits=limits)
        except ScreeningError as exc:
            return _engine_error(exc)
        return Response(screening.to_dict())


def _read(upload: UploadedFile, limits: Limits) -> bytes:
    """The uploaded bytes, refused (engine's TooLarge) as soon as they pass the limit."""
    if upload.size is not None:
        limits.check_size(upload.size)
    chunks: list[bytes] = []
    total = 0
    for chunk in upload.chunks():
        total += len(chunk)
        limits.check_size(total)
        chunks.append(chunk)
    return b"".join(chunks)
