"""What the API shows of units, memberships and the person asking."""

from __future__ import annotations

from django.utils import timezone
from rest_framework import serializers

from wpsdesk.organisation.models import Membership, Role, Unit, User

from .models import ApiToken
from .service_calls import id_filter


class UnitSerializer(serializers.ModelSerializer[Unit]):
    class Meta:
        model = Unit
        fields = ["id", "code", "name", "kind", "countries", "forums", "is_active"]
        read_only_fields = fields


class UnitRefSerializer(serializers.ModelSerializer[Unit]):
    class Meta:
        model = Unit
        fields = ["id", "code", "name"]
        read_only_fields = fields


class PersonSerializer(serializers.ModelSerializer[User]):
    name = serializers.SerializerMethodField()

    class Meta:
        model = User
        fields = ["id", "username", "name"]
        read_only_fields = fields

    def get_name(self, person: User) -> str:
        return person.get_full_name() or person.username


class MembershipSerializer(serializers.ModelSerializer[Membership]):
    unit = UnitRefSerializer(read_only=True)
    person = PersonSerializer(source="user", read_only=True)
    is_current = serializers.SerializerMethodField()

    class Meta:
        model = Membership
        fields = [
            "id",
            "unit",
            "person",
            "role",
            "restricted_clearance",
            "valid_from",
            "valid_to",
            "is_current",
        ]
        read_only_fields = fields

    def get_is_current(self, membership: Membership) -> bool:
        """Valid today, for an active person in an active unit (as ``current()`` says)."""
        today = timezone.localdate()
        return bool(
            membership.valid_from <= today
            and (membership.valid_to is None or membership.valid_to >= today)
            and membership.user.is_active
            and membership.unit.is_active
        )


class MembershipFilterSerializer(serializers.Serializer[dict[str, object]]):
    """The query parameters of the membership list."""

    unit = id_filter(help_text="Only memberships of this unit (its id).")
    current = serializers.BooleanField(
        required=False,
        allow_null=True,
        default=None,
        help_text="true: only memberships valid today; false: only past or future ones.",
    )


class UnitRoleSerializer(serializers.Serializer[object]):
    unit = UnitRefSerializer(read_only=True)
    role = serializers.ChoiceField(choices=Role.choices, read_only=True)
    restricted_clearance = serializers.BooleanField(read_only=True)


class CapabilitiesSerializer(serializers.Serializer[User]):
    hq_coordinator = serializers.BooleanField(source="is_hq_coordinator", read_only=True)
    auditor = serializers.BooleanField(source="is_auditor", read_only=True)
    administrator = serializers.BooleanField(source="is_staff", read_only=True)


class TokenInfoSerializer(serializers.ModelSerializer[ApiToken]):
    class Meta:
        model = ApiToken
        fields = ["prefix", "name", "scopes", "expires_at"]
        read_only_fields = fields


class MeSerializer(serializers.Serializer[object]):
    """Who is asking, in which units and roles, and with which credentials."""

    id = serializers.IntegerField(source="user.pk", read_only=True)
    username = serializers.CharField(source="user.username", read_only=True)
    name = serializers.CharField(read_only=True)
    capabilities = CapabilitiesSerializer(source="user", read_only=True)
    units = UnitRoleSerializer(many=True, read_only=True)
    authenticated_with = serializers.ChoiceField(
        choices=[("session", "session"), ("token", "token")], read_only=True
    )
    token = TokenInfoSerializer(read_only=True, allow_null=True)
