"""Fictional texts for the demo units, screened on load, so the screening pages have a story.

The story: the Embassy in Bogotá follows two drafts of a (fictional) ceasefire protocol for
the Andean dialogue; the second draft adds a gender sub-commission, drops the clause on
sexual violence as a ceasefire violation and adds a blanket amnesty (a red flag). The
Section for Peace and Reconciliation keeps a draft mandate for a (fictional) verification
mission, and the UN delegation a set of speaking points without a WPS message. Every text
is invented for the demo and marked so; loading twice adds nothing.
"""

from __future__ import annotations

from django.db import transaction

from wpsdesk.organisation.models import Unit, User

from . import services
from .models import ScreenedDocument

MARK = "(demo)"

CEASEFIRE_ONE = """\
Protocol on the Bilateral and Definitive Ceasefire (demo, first draft)

The Parties,
Recalling Security Council resolution 1325 (2000) and the commitments made in the Andean
dialogue,

Article 1. Scope
1. The ceasefire applies to the whole national territory from the date of signature.

Article 2. Prohibited acts
1. The Parties shall refrain from attacks on the civilian population.
2. Sexual violence, including rape and forced prostitution, shall constitute a violation of
this ceasefire and shall be reported to the monitoring mechanism.

Article 3. Monitoring and verification
1. A tripartite mechanism shall monitor the ceasefire.
2. The mechanism shall include women among its monitors and shall receive complaints from
women's organisations and communities.

Article 4. Separation of forces
1. The Parties shall withdraw to the agreed zones within thirty days.
"""

CEASEFIRE_TWO = """\
Protocol on the Bilateral and Definitive Ceasefire (demo, second draft)

The Parties,
Recalling Security Council resolution 1325 (2000) and the commitments made in the Andean
dialogue,

Article 1. Scope
1. The ceasefire applies to the whole national territory from the date of signature.

Article 2. Prohibited acts
1. The Parties shall refrain from attacks on the civilian population.

Article 3. Monitoring and verification
1. A tripartite mechanism shall monitor the ceasefire.
2. The mechanism shall include women among its monitors, with at least one third of its
members being women, and shall receive complaints from women's organisations.
3. A gender sub-commission shall advise the mechanism on the differentiated impact of the
ceasefire on women and girls.

Article 4. Separation of forces
1. The Parties shall withdraw to the agreed zones within forty-five days.

Article 5. Amnesty
1. The Parties shall grant a general amnesty for all acts committed in connection with the
armed conflict.
"""

MANDATE = """\
Draft mandate of the verification mission (demo)

The Security Council,
Reaffirming its resolutions 1325 (2000), 1820 (2008) and 2467 (2019) on women and peace and
security,

1. Decides to establish a verification mission for a period of twelve months;

2. Requests the mission to verify the reintegration of former combatants, taking into account
the specific needs of female ex-combatants and their children;

3. Requests the mission to monitor and report on conflict-related sexual violence and to
deploy women protection advisers;

4. Requests the Secretary-General to ensure the full, equal and meaningful participation of
women in the mission's work and to report on it every ninety days;
"""

SPEAKING_POINTS = """\
Speaking points: open debate on peace operations (demo)

- Norway thanks the presidency for convening this debate.
- Peace operations need clear and achievable mandates.
- Host-state consent and cooperation remain essential.
- Norway supports predictable financing of peace operations.
"""

# unit code → [(title, text, document type or "")]
DOCUMENTS: dict[str, list[tuple[str, str, str]]] = {
    "demo-bogota": [
        ("Ceasefire protocol, first draft " + MARK, CEASEFIRE_ONE, "ceasefire"),
        ("Ceasefire protocol, second draft " + MARK, CEASEFIRE_TWO, "ceasefire"),
    ],
    "demo-peace": [("Verification mission mandate, draft " + MARK, MANDATE, "mandate")],
    "demo-un-ny": [("Speaking points, peace operations debate " + MARK, SPEAKING_POINTS, "")],
}
EDITORS = {
    "demo-bogota": "bogota.officer",
    "demo-peace": "peace.lead",
    "demo-un-ny": "un.officer",
}


def load_demo() -> str:
    """Add and screen the demo texts where a unit has none yet; return a one-line summary."""
    added = 0
    for code, documents in DOCUMENTS.items():
        unit = Unit.objects.filter(code=code).first()
        editor = User.objects.filter(username=EDITORS[code]).first()
        if unit is None or editor is None:
            continue
        if ScreenedDocument.objects.filter(unit=unit, title__endswith=MARK).exists():
            continue
        with transaction.atomic():
            for title, text, doc_type in documents:
                services.add_document(
                    actor=editor,
                    unit=unit,
                    title=title,
                    classification="internal",
                    chosen_type=doc_type,
                    text=text,
                )
                added += 1
    return f"Screening: {added} demo documents screened."
