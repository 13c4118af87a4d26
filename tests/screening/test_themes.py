"""Each theme in each language, with the false friends it must ignore."""

from __future__ import annotations

import pytest

from wpsdesk.screening.engine import classify_passage, screen_text

POSITIVE = [
    # (theme, language, text)
    (
        "participation",
        "en",
        "The Parties shall ensure the participation of women in the delegations.",
    ),
    ("participation", "nb", "Partene skal sikre kvinners deltakelse i forhandlingsdelegasjonene."),
    ("participation", "fr", "Les parties veillent à la participation des femmes aux délégations."),
    (
        "participation",
        "es",
        "Las partes garantizarán la participación de las mujeres en la comisión.",
    ),
    (
        "equality",
        "en",
        "Citizens are equal without distinction as to race, colour, sex or language.",
    ),
    ("equality", "nb", "Staten skal fremme likestilling."),
    ("equality", "fr", "Tous sont égaux sans distinction de sexe."),
    ("equality", "es", "Todos son iguales sin distinción de sexo."),
    ("sgbv", "en", "Rape and sexual slavery are prohibited."),
    ("sgbv", "nb", "Seksualisert vold i konflikt skal straffes."),
    ("sgbv", "fr", "Les violences sexuelles sont interdites."),
    ("sgbv", "es", "Se prohíbe la violencia sexual."),
    ("protection", "en", "Special measures shall protect women and girls in the camps."),
    ("protection", "nb", "Kvinner og jenter skal beskyttes."),
    ("protection", "fr", "Les femmes seront protégées."),
    ("protection", "es", "Se garantizará la protección de las mujeres."),
    ("whrd", "en", "Women human rights defenders shall be protected from reprisals."),
    ("whrd", "nb", "Kvinnelige menneskerettighetsforsvarere skal støttes."),
    ("whrd", "fr", "Les défenseuses des droits humains seront soutenues."),
    ("whrd", "es", "Se protegerá a las lideresas sociales."),
    ("lgbti", "en", "LGBTI persons shall not be discriminated against."),
    ("lgbti", "nb", "Lhbti-personer skal beskyttes."),
    ("lgbti", "fr", "Les personnes LGBTI et l'orientation sexuelle."),
    ("lgbti", "es", "La identidad de género será respetada."),
    ("widows_families", "en", "Widows and orphans shall receive pensions."),
    ("widows_families", "nb", "Enker og foreldreløse skal få støtte."),
    ("widows_families", "fr", "Les veuves de guerre recevront une pension."),
    ("widows_families", "es", "Las viudas recibirán una pensión."),
    ("srhr", "en", "Pregnant and lactating women shall receive care."),
    ("srhr", "nb", "Gravide skal få helsehjelp."),
    ("srhr", "fr", "La santé sexuelle et reproductive sera assurée."),
    ("srhr", "es", "Se garantizará la salud sexual y reproductiva."),
    ("ddr", "en", "Female ex-combatants shall benefit from reintegration."),
    ("ddr", "nb", "Kvinnelige stridende skal inngå i demobiliseringen."),
    ("ddr", "fr", "Les ex-combattantes bénéficieront de la réinsertion."),
    ("ddr", "es", "Las mujeres excombatientes participarán en la reincorporación."),
    ("justice_ssr", "en", "Women shall be recruited into the police."),
    ("justice_ssr", "nb", "Kvinner skal rekrutteres til politiet."),
    ("justice_ssr", "fr", "Les femmes seront recrutées dans la police."),
    ("justice_ssr", "es", "Las mujeres ingresarán a la policía."),
    ("transitional_justice", "en", "Reparations shall reach women survivors."),
    ("transitional_justice", "nb", "Kvinner skal få oppreisning."),
    ("transitional_justice", "fr", "Les femmes victimes recevront réparation."),
    ("transitional_justice", "es", "Las mujeres víctimas recibirán reparación."),
    ("seah", "en", "Zero tolerance of sexual exploitation and abuse by personnel."),
    ("seah", "nb", "Nulltoleranse for seksuell utnyttelse og misbruk."),
    ("seah", "fr", "Tolérance zéro pour l'exploitation et les atteintes sexuelles."),
    ("seah", "es", "Tolerancia cero frente a la explotación y abuso sexual."),
    ("violent_extremism", "en", "Women shall take part in preventing violent extremism."),
    ("violent_extremism", "nb", "Kvinner skal delta i arbeidet mot ekstremisme."),
    ("violent_extremism", "fr", "Les femmes contribuent à prévenir l'extrémisme violent."),
    ("violent_extremism", "es", "Las mujeres participarán en la prevención del extremismo."),
    ("humanitarian", "en", "Humanitarian aid shall meet the needs of displaced women."),
    ("humanitarian", "nb", "Humanitær hjelp skal nå kvinner."),
    ("humanitarian", "fr", "L'aide humanitaire atteindra les femmes déplacées."),
    ("humanitarian", "es", "La ayuda humanitaria llegará a las mujeres desplazadas."),
    ("climate", "en", "Women shall take part in climate adaptation."),
    ("climate", "nb", "Kvinner skal delta i klimatilpasning."),
    ("climate", "fr", "Les femmes participeront à l'adaptation au climat."),
    ("climate", "es", "Las mujeres participarán en la adaptación al clima."),
    ("economic", "en", "Women shall have equal access to land and credit."),
    ("economic", "nb", "Kvinner skal ha lik tilgang til jord og kreditt."),
    ("economic", "fr", "Les femmes auront accès à la terre et au crédit."),
    ("economic", "es", "Las mujeres tendrán acceso a la tierra y al crédito."),
    ("resolutions", "en", "Recalling resolution 1325 (2000) and CEDAW,"),
    ("resolutions", "nb", "Norge følger opp resolusjon 1325."),
    ("resolutions", "fr", "Rappelant la résolution 1325 du Conseil de sécurité,"),
    ("resolutions", "es", "Recordando la resolución 1325 del Consejo de Seguridad,"),
]

FALSE_FRIENDS = [
    ("en", "Education shall be provided in the mother tongue."),
    ("en", "The defence of the motherland is a duty of every citizen."),
    ("en", "Such measures shall engender trust between the Parties."),
    ("en", "Ladies and gentlemen, thank you."),
    ("en", "Vulnerable groups shall receive assistance."),
    ("en", "Sussex and Essex are counties."),
    ("en", "The mother company shall file its accounts."),
    ("en", "The Security Council met in 1960 in New York."),
    ("nb", "Undervisning på morsmålet skal sikres, og et enkelt tiltak er nok."),
    ("nb", "Det er en skeiv fordeling av midlene."),
    ("fr", "Ce genre de mesures sera examiné."),
    ("fr", "La violation de l'accord sera signalée."),
    ("fr", "La mère patrie sera défendue dans l'enceinte du tribunal."),
    ("es", "Se adoptarán medidas de todo género."),
    ("es", "La violación del acuerdo será investigada."),
    ("es", "La madre patria y la Madre Tierra serán respetadas."),
    ("es", "Los géneros alimenticios se distribuirán."),
]


@pytest.mark.parametrize(
    ("theme", "lang", "text"), POSITIVE, ids=[f"{t}-{lang}" for t, lang, _ in POSITIVE]
)
def test_theme_is_found(theme: str, lang: str, text: str) -> None:
    result = screen_text(text)
    assert theme in {f.theme for f in result.findings}, [(f.theme, f.text) for f in result.findings]
    assert classify_passage(text).label == 1


@pytest.mark.parametrize(
    ("lang", "text"),
    FALSE_FRIENDS,
    ids=[f"{lang}-{i}" for i, (lang, _) in enumerate(FALSE_FRIENDS)],
)
def test_false_friends_are_not_findings(lang: str, text: str) -> None:
    assert screen_text(text).findings == []
    assert classify_passage(text).label == 0


def test_transgender_counts_for_lgbti_not_as_a_general_gender_reference() -> None:
    result = screen_text(
        "Transgender persons and persons of diverse gender identity shall be protected."
    )
    assert {f.theme for f in result.findings} == {"lgbti"}


def test_sexual_orientation_is_not_sex_equality() -> None:
    assert {
        f.theme
        for f in screen_text("Discrimination on grounds of sexual orientation is banned.").findings
    } == {"lgbti"}


def test_substantive_and_passing_mentions() -> None:
    result = screen_text(
        "Recalling the role of women in peacebuilding,\n\n"
        "1. The Parties shall ensure women's participation in the commission.\n\n"
        "2. Assistance shall reach the displaced, women, children and the elderly.\n"
    )
    weights = {f.provision: (f.weight, f.reason) for f in result.findings}
    assert weights["¶1"][0] == "passing" and "preamble" in weights["¶1"][1]
    assert weights["1"][0] == "substantive"
    assert weights["2"] == ("passing", "listed with other groups")


def test_a_women_signatory_is_a_passing_participation_finding() -> None:
    (finding,) = screen_text("Signed: Mrs Amina Diallo, for the Movement.").findings
    assert (finding.theme, finding.weight) == ("participation", "passing")
