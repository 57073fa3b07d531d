"""Demo programme from the press kit (section #5): the Tour de France of webinars.

Idempotent: taxonomy is found by slug, webinars by slug under the programme;
what exists is never changed, so editors' work survives a second run. Dates
are relative to the day of the first run: there is always something to come.
"""

import datetime
import itertools

import recurrence
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from events.dates import PARIS
from events.geo import REGION_BY_CODE
from events.models import (
    Community,
    Organiser,
    OrganiserType,
    ProgrammePage,
    Registration,
    Session,
    Speaker,
    Theme,
    WebinarPage,
)

THEMES = [
    ("Mon espace santé", "mon-espace-sante"),
    ("Dossier médical partagé (DMP)", "dmp"),
    ("Messagerie sécurisée", "messagerie-securisee"),
    ("Agenda de santé", "agenda-de-sante"),
    ("Catalogue de services", "catalogue-de-services"),
    ("Ségur du numérique", "segur-du-numerique"),
    ("Accompagnement des usagers", "accompagnement-des-usagers"),
]
COMMUNITIES = [
    ("Professionnels de santé", "professionnels-de-sante"),
    ("Établissements", "etablissements"),
    ("Industriels et start-up", "industriels-et-start-up"),
    ("Associations de patients", "associations-de-patients"),
    ("ARS", "ars"),
    ("GRADeS", "grades"),
    ("Citoyens", "citoyens"),
]
ORGANISERS = [
    ("Délégation ministérielle au numérique en santé", OrganiserType.DNS, "https://esante.gouv.fr"),
    ("Assurance Maladie", OrganiserType.DNS, "https://www.ameli.fr"),
    ("France Assos Santé", OrganiserType.PATIENTS, "https://www.france-assos-sante.org"),
    ("Fédération hospitalière de France", OrganiserType.ESTABLISHMENT, "https://www.fhf.fr"),
    ("Les entreprises du numérique en santé", OrganiserType.INDUSTRY, ""),
    ("Union régionale des professionnels de santé", OrganiserType.PROFESSIONAL, ""),
]
# (region code, department, ARS name, GRADeS name)
REGIONS = [
    ("11", "75", "ARS Île-de-France", "SESAN"),
    ("32", "80", "ARS Hauts-de-France", "GRADeS Hauts-de-France (Sant&Numérique)"),
    ("44", "67", "ARS Grand Est", "Pulsy"),
    ("52", "44", "ARS Pays de la Loire", "GCS e-santé Pays de la Loire"),
    ("53", "35", "ARS Bretagne", "GCS e-Santé Bretagne"),
    ("75", "33", "ARS Nouvelle-Aquitaine", "ESEA Nouvelle-Aquitaine"),
    ("76", "31", "ARS Occitanie", "e-santé Occitanie"),
    ("84", "69", "ARS Auvergne-Rhône-Alpes", "GCS SARA"),
    ("93", "13", "ARS Provence-Alpes-Côte d'Azur", "ieSS"),
    ("28", "76", "ARS Normandie", "GCS Normand'e-santé"),
    ("24", "45", "ARS Centre-Val de Loire", "GIP e-santé Centre-Val de Loire"),
    ("27", "21", "ARS Bourgogne-Franche-Comté", "GRADeS BFC (e-santé BFC)"),
    ("04", "974", "ARS La Réunion", "GCS TESIS"),
]
# (title template, summary, themes, communities, organiser kind)
TOPICS = [
    (
        "Réussir ensemble Mon espace santé en {region}",
        "Présentation de Mon espace santé et de son calendrier de déploiement, pour mobiliser tous les acteurs "
        "de santé de la région.",
        ["mon-espace-sante", "segur-du-numerique"],
        ["professionnels-de-sante", "etablissements", "ars", "grades"],
        "ars",
    ),
    (
        "Alimenter le DMP au quotidien : {region}",
        "Le « carnet de santé en ligne » : comment les professionnels et les établissements y versent comptes "
        "rendus, résultats d'examens et traitements.",
        ["dmp", "segur-du-numerique"],
        ["professionnels-de-sante", "etablissements"],
        "grades",
    ),
    (
        "La messagerie sécurisée avec vos patients ({region})",
        "Échanger en toute confidentialité avec ses patients grâce à la messagerie de Mon espace santé.",
        ["messagerie-securisee"],
        ["professionnels-de-sante", "citoyens"],
        "grades",
    ),
]
NATIONAL = [
    (
        "Lancement du Tour de France « Réussir ensemble Mon espace santé »",
        "Dominique Pon et Thomas Fatôme présentent Mon espace santé et la mobilisation de toute la communauté "
        "santé et e-santé.",
        ["mon-espace-sante"],
        ["professionnels-de-sante", "etablissements", "industriels-et-start-up", "associations-de-patients"],
        "Délégation ministérielle au numérique en santé",
    ),
    (
        "Éditeurs et start-up : se connecter à Mon espace santé",
        "Mettre à niveau son logiciel, référencer son application dans le catalogue de services : le parcours "
        "des industriels.",
        ["catalogue-de-services", "segur-du-numerique"],
        ["industriels-et-start-up"],
        "Les entreprises du numérique en santé",
    ),
    (
        "Associations de patients : accompagner les usagers",
        "Activer son espace, s'y opposer, protéger ses données : les réponses aux questions des usagers, et "
        "comment accompagner les plus éloignés du numérique.",
        ["accompagnement-des-usagers", "mon-espace-sante"],
        ["associations-de-patients", "citoyens"],
        "France Assos Santé",
    ),
    (
        "L'agenda de santé et les rappels de prévention",
        "Rendez-vous médicaux, vaccins et dépistages recommandés : ce que l'agenda de santé apporte aux usagers.",
        ["agenda-de-sante"],
        ["citoyens", "professionnels-de-sante"],
        "Assurance Maladie",
    ),
    (
        "Établissements : verser les documents de sortie dans le DMP",
        "Lettres de liaison, comptes rendus d'hospitalisation : organiser l'alimentation du DMP à l'hôpital.",
        ["dmp", "segur-du-numerique"],
        ["etablissements"],
        "Fédération hospitalière de France",
    ),
    (
        "Le catalogue de services, applications référencées par l'État",
        "Comment les applications de santé sont sélectionnées et comment l'usager leur donne accès.",
        ["catalogue-de-services"],
        ["industriels-et-start-up", "citoyens"],
        "Délégation ministérielle au numérique en santé",
    ),
]
# Recurring national webinars: weekly "questions and answers".
RECURRING = [
    (
        "Questions-réponses hebdomadaires sur Mon espace santé",
        "Chaque semaine, une heure pour poser vos questions aux équipes de la DNS et de l'Assurance Maladie.",
        ["mon-espace-sante", "accompagnement-des-usagers"],
        ["professionnels-de-sante", "citoyens", "associations-de-patients"],
        "Assurance Maladie",
        datetime.time(12, 30),
    ),
    (
        "Permanence des éditeurs : intégrer le DMP et la messagerie",
        "Un rendez-vous tous les quinze jours pour les éditeurs qui raccordent leurs logiciels.",
        ["dmp", "messagerie-securisee", "segur-du-numerique"],
        ["industriels-et-start-up"],
        "Les entreprises du numérique en santé",
        datetime.time(16, 0),
    ),
]
SPEAKERS = [
    ("Dominique Pon", "Responsable ministériel du numérique en santé", "DNS"),
    ("Thomas Fatôme", "Directeur général", "Caisse nationale de l'Assurance Maladie"),
    ("Laura Létourneau", "Déléguée ministérielle au numérique en santé", "DNS"),
]


def _paris(day, hour, minute=0):
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=PARIS)


def _ensure_taxonomy():
    themes = {}
    for order, (name, slug) in enumerate(THEMES):
        themes[slug], _created = Theme.objects.get_or_create(slug=slug, defaults={"name": name, "sort_order": order})
    communities = {}
    for order, (name, slug) in enumerate(COMMUNITIES):
        communities[slug], _created = Community.objects.get_or_create(
            slug=slug, defaults={"name": name, "sort_order": order}
        )
    organisers = {}
    for name, kind, website in ORGANISERS:
        organisers[name], _created = Organiser.objects.get_or_create(
            name=name, defaults={"type": kind, "website": website}
        )
    for _code, _dep, ars, grades in REGIONS:
        organisers[ars], _created = Organiser.objects.get_or_create(name=ars, defaults={"type": OrganiserType.ARS})
        organisers[grades], _created = Organiser.objects.get_or_create(
            name=grades, defaults={"type": OrganiserType.GRADES}
        )
    return themes, communities, organisers


def _ensure_programme(home):
    programme = ProgrammePage.objects.first()
    if programme is None:
        programme = ProgrammePage(
            title="Programme",
            slug="programme",
            show_in_menus=True,
            intro="Le planning à date des webinaires du Tour de France : filtrez par communauté, thème ou "
            "région, inscrivez-vous, ajoutez les sessions à votre agenda.",
        )
        home.add_child(instance=programme)
        programme.save_revision().publish()
    return programme


def _fill(session, count):
    Registration.objects.bulk_create(
        Registration(
            session=session,
            status=Registration.Status.CONFIRMED,
            first_name="Participant",
            last_name=f"Démo {i + 1}",
            email=f"demo-{session.uid.hex[:8]}-{i + 1}@example.org",
            confirmed_at=timezone.now(),
        )
        for i in range(count)
    )


def _create_webinar(programme, *, slug, title, summary, themes, communities, organiser, publish=True, **fields):
    webinar = WebinarPage(
        title=title,
        slug=slug,
        summary=summary,
        description=f"<p>{summary}</p><p>Un temps d'échanges avec les participants clôt chaque session ; "
        "les contributions recueillies alimentent participez.esante.gouv.fr.</p>",
        organiser=organiser,
        **fields,
    )
    webinar.themes.set(themes)
    webinar.communities.set(communities)
    programme.add_child(instance=webinar)
    if publish:
        webinar.save_revision().publish()
    return webinar


@transaction.atomic
def seed_programme(home, *, today=None):
    """The demo programme; returns the number of webinars created (0 on a second run)."""
    today = today or timezone.localdate()
    themes, communities, organisers = _ensure_taxonomy()
    programme = _ensure_programme(home)
    existing = set(WebinarPage.objects.child_of(programme).values_list("slug", flat=True))
    created = 0
    offsets = itertools.cycle([3, 9, 16, 24, 31, 38, 45, 52, 60, 67, 75, 88])
    platforms = itertools.cycle([c for c, _label in WebinarPage.Platform.choices if c != "other"])

    def sessions_for(webinar, index, *, capacity=100, past=False):
        hour = (10, 14, 17)[index % 3]
        if past:
            day = today - datetime.timedelta(days=7 + 6 * index)
            session = Session.objects.create(
                webinar=webinar,
                start=_paris(day, hour),
                end=_paris(day, hour + 1, 30),
                capacity=capacity,
                join_url="https://webconf.numerique.gouv.fr/demo-passee",
                replay_url=f"https://www.youtube-nocookie.com/embed/demo-replay-{index}",
            )
            _fill(session, capacity // 3)
            return [session]
        day = today + datetime.timedelta(days=next(offsets))
        first = Session.objects.create(
            webinar=webinar,
            start=_paris(day, hour),
            end=_paris(day, hour + 1, 30),
            capacity=capacity,
            join_url=f"https://webconf.numerique.gouv.fr/demo-{webinar.slug}",
        )
        second_day = day + datetime.timedelta(days=21)
        second = Session.objects.create(
            webinar=webinar,
            start=_paris(second_day, hour),
            end=_paris(second_day, hour + 1, 30),
            capacity=capacity,
            join_url=f"https://webconf.numerique.gouv.fr/demo-{webinar.slug}-2",
        )
        return [first, second]

    index = 0
    for topic_index, (template, summary, theme_slugs, community_slugs, kind) in enumerate(TOPICS):
        for region_index, (code, department, ars, grades) in enumerate(REGIONS):
            region_name = REGION_BY_CODE[code].name
            title = template.format(region=region_name)
            slug = slugify(title)[:80]
            index += 1
            if slug in existing:
                continue
            webinar = _create_webinar(
                programme,
                slug=slug,
                title=title,
                summary=summary,
                themes=[themes[s] for s in theme_slugs],
                communities=[communities[s] for s in community_slugs],
                organiser=organisers[ars if kind == "ars" else grades],
                region=code,
                department=department if topic_index else "",
                platform=next(platforms),
                has_captions=index % 2 == 0,
                has_sign_language=index % 5 == 0,
            )
            past = (topic_index == 0 and region_index % 3 == 0) or (topic_index == 2 and region_index % 4 == 1)
            sessions = sessions_for(webinar, index, capacity=60 if topic_index else 150, past=past)
            if not past and index % 4 == 0:
                _fill(sessions[0], sessions[0].capacity - 2)  # nearly full
            if not past and index % 9 == 0:
                _fill(sessions[0], 2)
                sessions[1].status = Session.Status.POSTPONED
                sessions[1].save()
            created += 1

    for n, (title, summary, theme_slugs, community_slugs, organiser) in enumerate(NATIONAL):
        slug = slugify(title)[:80]
        index += 1
        if slug in existing:
            continue
        webinar = _create_webinar(
            programme,
            slug=slug,
            title=title,
            summary=summary,
            themes=[themes[s] for s in theme_slugs],
            communities=[communities[s] for s in community_slugs],
            organiser=organisers[organiser],
            platform=WebinarPage.Platform.WEBCONF,
            has_captions=True,
            has_sign_language=n == 0,
        )
        if n == 0:
            for name, role, org in SPEAKERS:
                Speaker.objects.create(webinar=webinar, name=name, role=role, organisation=org)
            sessions_for(webinar, index, capacity=1000, past=True)
        sessions = sessions_for(webinar, index, capacity=500)
        if n == 1:
            _fill(sessions[0], sessions[0].capacity - 5)
        if n == 3:
            sessions[1].status = Session.Status.CANCELLED
            sessions[1].save()
        created += 1

    for n, (title, summary, theme_slugs, community_slugs, organiser, at) in enumerate(RECURRING):
        slug = slugify(title)[:80]
        if slug in existing:
            continue
        rule = recurrence.Rule(recurrence.WEEKLY, interval=1 + n, count=8)
        first_day = today + datetime.timedelta(days=2 + n)
        rules = recurrence.Recurrence(rrules=[rule])
        # One exception: no session on the third occurrence (a bank holiday, say).
        rules.exdates = [datetime.datetime.combine(first_day + datetime.timedelta(weeks=2 * (1 + n)), at)]
        _create_webinar(
            programme,
            slug=slug,
            title=title,
            summary=summary,
            themes=[themes[s] for s in theme_slugs],
            communities=[communities[s] for s in community_slugs],
            organiser=organisers[organiser],
            platform=WebinarPage.Platform.WEBCONF,
            has_captions=True,
            recurrence=rules,
            recurrence_first_date=first_day,
            recurrence_start_time=at,
            recurrence_duration=60,
            recurrence_capacity=300,
            recurrence_join_url="https://webconf.numerique.gouv.fr/demo-recurrent",
        )  # publishing generates the sessions (events.signals)
        created += 1
    return created


def generate_webinars(programme, count, *, sessions_per_webinar=3, today=None):
    """`count` extra webinars for benchmarks (slugs `webinaire-bench-N`); idempotent.

    Published without a revision (much faster); taxonomy reused from the demo.
    """
    today = today or timezone.localdate()
    themes = list(Theme.objects.all()) or [Theme.objects.create(name="DMP", slug="dmp")]
    communities = list(Community.objects.all()) or [Community.objects.create(name="Citoyens", slug="citoyens")]
    organisers = list(Organiser.objects.all()) or [Organiser.objects.create(name="ARS", type=OrganiserType.ARS)]
    from events.geo import DEPARTMENTS

    existing = set(
        WebinarPage.objects.child_of(programme)
        .filter(slug__startswith="webinaire-bench-")
        .values_list("slug", flat=True)
    )
    sessions = []
    created = 0
    for i in range(count):
        slug = f"webinaire-bench-{i + 1}"
        if slug in existing:
            continue
        department = DEPARTMENTS[i % len(DEPARTMENTS)]
        webinar = WebinarPage(
            title=f"Webinaire de démonstration n° {i + 1} : Mon espace santé en {department.name}",
            slug=slug,
            summary="Un webinaire généré pour mesurer la tenue en charge du programme.",
            organiser=organisers[i % len(organisers)],
            region="" if i % 10 == 0 else department.region_code,
            department="" if i % 10 == 0 else department.code,
            live=True,
            has_captions=i % 2 == 0,
        )
        webinar.themes.set([themes[i % len(themes)]])
        webinar.communities.set([communities[i % len(communities)], communities[(i + 3) % len(communities)]])
        programme.add_child(instance=webinar)
        for j in range(sessions_per_webinar):
            day = today + datetime.timedelta(days=1 + (i * 7 + j * 19) % 300)
            start = _paris(day, 9 + (i + j) % 8)
            sessions.append(
                Session(
                    webinar=webinar,
                    start=start,
                    end=start + datetime.timedelta(hours=1),
                    capacity=50 + (i % 5) * 50,
                    join_url=f"https://webconf.numerique.gouv.fr/bench-{i}-{j}",
                )
            )
        created += 1
        if len(sessions) >= 2000:
            Session.objects.bulk_create(sessions)
            sessions = []
    Session.objects.bulk_create(sessions)
    return created
