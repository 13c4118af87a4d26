"""Plain-text passages made up for throughput measurements: any size, same every time.

The sentences are written here (no external text): provisions of the kind found in
agreements, mandates and speaking points, in the four languages, mostly without WPS
content and some with it. They measure speed on more text than a labelled set holds;
they say nothing about quality, since the WPS sentences use the taxonomy's own words.
"""

from __future__ import annotations

import random

_SUBJECTS = (
    "The Parties", "The Government", "The Movement", "The Joint Commission",
    "The Ceasefire Monitoring Committee", "The Mission", "The Transitional Authority",
    "The National Electoral Board", "The Guarantors", "The Secretariat",
)  # fmt: skip
_VERBS = (
    "shall establish", "shall ensure", "agree to review", "shall report on",
    "undertake to implement", "will support", "shall monitor", "commit to finance",
    "shall publish", "request the assistance of the United Nations for",
)  # fmt: skip
_OBJECTS = (
    "the cantonment of forces within thirty days of signature",
    "the verification of heavy weapons in the designated assembly areas",
    "the return of displaced persons to their places of origin",
    "a schedule for the integration of combatants into the national army",
    "the rehabilitation of roads, bridges and water supply in the affected districts",
    "the release of detainees held in connection with the conflict",
    "a revenue-sharing formula for natural resources between the regions",
    "the demarcation of the administrative boundary by an independent commission",
    "free access for humanitarian organisations to all areas under their control",
    "the drafting of a new constitution within eighteen months",
    "the reform of the judiciary and the independence of the courts",
    "a programme for the reintegration of former combatants into civilian life",
)  # fmt: skip
_TAILS = (
    "", " in accordance with the timetable in Annex II", " with the support of the Guarantors",
    " and shall report to the Joint Commission every three months",
    " without prejudice to the rights of any community", " as a matter of priority",
)  # fmt: skip
_OTHER = (
    "Les Parties s'engagent à respecter le cessez-le-feu sur l'ensemble du territoire national.",
    "Le Comité de suivi se réunit une fois par mois et publie un rapport public.",
    "Las Partes acuerdan la creación de una comisión de verificación del cese al fuego.",
    "El Gobierno garantizará el retorno seguro de las comunidades desplazadas.",
    "Partene forplikter seg til å trekke styrkene tilbake innen tretti dager.",
    "Kommisjonen skal legge fram en rapport om gjennomføringen hvert kvartal.",
)  # fmt: skip
_WPS = (
    "The Parties shall ensure that women make up at least thirty per cent of the commission.",
    "Women's organisations shall be consulted on the design of the reintegration programme.",
    "Survivors of sexual violence shall have access to medical and psychosocial care.",
    "The Mission shall deploy women protection advisers and monitor conflict-related sexual "
    "violence.",
    "No one shall be discriminated against on grounds of sex, race, religion or language.",
    "Female ex-combatants and girls associated with armed groups shall receive support.",
    "Les femmes participeront à toutes les étapes de la mise en œuvre de l'accord.",
    "Se garantizará la participación de las mujeres en la comisión de verificación.",
    "Kvinner skal være representert i alle delegasjoner og kommisjoner.",
    "Widows and families of the missing shall receive pensions and information.",
)  # fmt: skip


def synthetic_passages(megabytes: float, *, seed: int = 1325, wps_share: float = 0.1) -> list[str]:
    """Passages of 1-4 sentences, about ``megabytes`` of UTF-8 text in all.

    About ``wps_share`` of the passages carry one WPS sentence (real agreements carry
    far fewer than the labelled set's two in three).
    """
    rng = random.Random(seed)  # noqa: S311 - made-up text, not secrets
    target = int(megabytes * 1_000_000)
    passages: list[str] = []
    size = 0
    number = 0
    while size < target:
        number += 1
        sentences = []
        for _ in range(rng.randint(1, 4)):
            if rng.random() < 0.15:
                sentences.append(rng.choice(_OTHER))
            else:
                sentences.append(
                    f"{rng.choice(_SUBJECTS)} {rng.choice(_VERBS)} {rng.choice(_OBJECTS)}"
                    f"{rng.choice(_TAILS)}."
                )
        if rng.random() < wps_share:
            sentences.insert(rng.randrange(len(sentences) + 1), rng.choice(_WPS))
        text = f"{number}. " + " ".join(sentences)
        passages.append(text)
        size += len(text.encode("utf-8"))
    return passages
