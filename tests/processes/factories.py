"""Peace processes and their analyses for tests."""

from __future__ import annotations

from typing import Any

from wpsdesk.organisation.models import Classification, Unit
from wpsdesk.processes.models import ConflictAnalysis, PeaceProcess


def make_process(unit: Unit, name: str = "Fictional Andes talks", **fields: Any) -> PeaceProcess:
    """A process led by ``unit`` (internal unless told), with one phase in its history."""
    fields.setdefault("countries", "CO")
    fields.setdefault("classification", Classification.INTERNAL)
    process = PeaceProcess.objects.create(unit=unit, name=name, **fields)
    process.phases.create(phase=process.phase)
    return process


def make_analysis(
    process: PeaceProcess, title: str = "Conflict analysis", **fields: Any
) -> ConflictAnalysis:
    """An analysis of ``process`` in its unit, without versions."""
    fields.setdefault("classification", process.classification)
    return ConflictAnalysis.objects.create(
        unit=process.unit, process=process, title=title, **fields
    )
