"""Demo content for the site, taken from the press kit of the Tour de France.

Every function here is idempotent: pages are found by slug and updated.
"""

import datetime
import json

from django.db import transaction
from wagtail.models import Page, Site

from .models import AccessibilityPage, ContentPage, HomePage, SiteSettings


def p(*paragraphs):
    return "".join(f"<p>{text}</p>" for text in paragraphs)


def ul(*items):
    return "<ul>" + "".join(f"<li>{item}</li>" for item in items) + "</ul>"


HOME_BODY = [
    {
        "type": "key_figures",
        "value": {
            "title": "Mon espace santé, attendu par les Français",
            "figures": [
                {"figure": "8 sur 10", "label": "Français favorables à Mon espace santé"},
                {"figure": "85 %", "label": "ont l'intention d'utiliser la messagerie sécurisée"},
                {"figure": "78 %", "label": "comptent utiliser le DMP et l'agenda de santé"},
                {"figure": "69 M", "label": "d'assurés concernés par la généralisation"},
            ],
            "source": "Enquête OpinionWay – Think Out, « Les Français et le virage numérique en santé », juillet 2020.",
        },
    },
    {
        "type": "quote",
        "value": {
            "text": "Tous ensemble, nous réussirons le déploiement de Mon espace santé.",
            "author": "Dominique Pon et Thomas Fatôme",
            "role": "Délégation ministérielle au numérique en santé et Assurance Maladie",
        },
    },
]

MES_BODY = [
    {"type": "heading", "value": {"text": "Un espace numérique individuel et sécurisé", "level": "h2", "anchor": ""}},
    {
        "type": "paragraph",
        "value": p(
            "Mon espace santé est un espace numérique individuel mis à la disposition par l'État et "
            "l'Assurance Maladie pour permettre à chaque citoyen de stocker ses informations médicales "
            "et les partager avec les professionnels de santé qui le soignent. Toutes ses données sont "
            "hébergées en France.",
            "Accessible à tous sur monespacesante.fr et compatible avec tous les terminaux (smartphones, "
            "tablettes, ordinateurs), il est complété par une application mobile. Sa sécurité et la "
            "protection des données personnelles sont garanties par l'État, la CNIL et la Cnam.",
        ),
    },
    {
        "type": "cards",
        "value": {
            "title": "Les services de Mon espace santé",
            "cards": [
                {
                    "title": "Le Dossier Médical Partagé (DMP)",
                    "text": "Le « carnet de santé en ligne » : traitements, résultats d'examens, antécédents, "
                    "comptes rendus d'hospitalisation, partagés avec les professionnels de santé.",
                    "page": None,
                    "url": "",
                    "image": None,
                },
                {
                    "title": "La messagerie sécurisée",
                    "text": "Recevoir en toute confidentialité des informations personnelles de son équipe de soin.",
                    "page": None,
                    "url": "",
                    "image": None,
                },
                {
                    "title": "L'agenda de santé",
                    "text": "Tous ses rendez-vous médicaux, passés et à venir, et des rappels pour les vaccins "
                    "et dépistages recommandés.",
                    "page": None,
                    "url": "",
                    "image": None,
                },
                {
                    "title": "Le catalogue de services",
                    "text": "Des applications utiles pour la santé, sélectionnées et certifiées par l'État, "
                    "auxquelles l'usager choisit de donner accès.",
                    "page": None,
                    "url": "",
                    "image": None,
                },
            ],
        },
    },
    {
        "type": "callout",
        "value": {
            "title": "Un cas concret : Martine, patiente diabétique",
            "text": p(
                "Martine, 58 ans, diabétique, a été opérée d'une fracture de la cheville. Elle déménage : "
                "grâce à Mon espace santé, elle partage son compte rendu opératoire avec son nouveau médecin "
                "traitant, reçoit son dernier bilan par la messagerie sécurisée, alimente son dossier avec "
                "son lecteur de glycémie connecté et centralise ses rendez-vous dans un seul agenda."
            ),
            "link": "",
            "link_label": "",
            "color": "fr-callout--blue-ecume",
        },
    },
    {"type": "heading", "value": {"text": "Les grands jalons du déploiement", "level": "h2", "anchor": ""}},
    {
        "type": "paragraph",
        "value": p(
            "Une phase pilote en juillet 2021 dans trois départements, la Haute-Garonne, la "
            "Loire-Atlantique et la Somme, avec 4 millions d'usagers ; puis la généralisation à partir "
            "de janvier 2022 pour les 69 millions d'assurés.",
            "Chaque usager reçoit un code provisoire pour activer son espace ou s'opposer à son ouverture "
            "automatique ; sans action de sa part, l'espace est créé après un mois.",
        ),
    },
    {
        "type": "quote",
        "value": {
            "text": "L'ambition de Mon espace santé est de transformer le parcours de soins des assurés, "
            "avec un point de vigilance permanent : accompagner les assurés les plus précaires.",
            "author": "Thomas Fatôme",
            "role": "Directeur général de la Caisse nationale de l'Assurance Maladie",
        },
    },
]

FAQ_ITEMS = [
    (
        "Qu'est-ce que le Tour de France « Réussir ensemble Mon espace santé » ?",
        "Une série de webinaires lancée par la Délégation ministérielle au numérique en santé et "
        "l'Assurance Maladie pour présenter Mon espace santé et mobiliser la communauté santé et e-santé.",
    ),
    (
        "Qui peut participer ?",
        "C'est ouvert à tous : professionnels de santé, établissements, industriels et start-up, "
        "associations de patients, ARS, GRADeS et citoyens. L'inscription est gratuite et sans compte.",
    ),
    (
        "Comment organiser mon propre webinaire ?",
        "Chacun peut organiser un webinaire dans sa communauté avec le module clé en main : support de "
        "présentation, films, tutoriel et kit de communication. Proposez votre session sur la page "
        '<a href="/organiser/">Organiser un webinaire</a> : l\'équipe vous répond sous une semaine.',
    ),
    (
        "Où partager mes idées et bonnes pratiques ?",
        "Les contributions recueillies pendant les webinaires alimentent la plateforme participez.esante.gouv.fr.",
    ),
    (
        "Quand Mon espace santé est-il ouvert ?",
        "Mon espace santé est ouvert à l'ensemble de la population depuis janvier 2022, après une phase "
        "pilote dans trois départements en juillet 2021.",
    ),
]

LEGAL_BODY = [
    {"type": "heading", "value": {"text": "Éditeur du site", "level": "h2", "anchor": ""}},
    {
        "type": "paragraph",
        "value": p(
            "Délégation au numérique en santé (DNS), ministère chargé de la Santé, 14 avenue Duquesne, "
            "75350 Paris 07 SP.",
            'Contact : <a href="mailto:monespacesante@esante.gouv.fr">monespacesante@esante.gouv.fr</a>',
        ),
    },
    {"type": "heading", "value": {"text": "Directeur de la publication", "level": "h2", "anchor": ""}},
    {"type": "paragraph", "value": p("Le délégué au numérique en santé.")},
    {"type": "heading", "value": {"text": "Hébergement", "level": "h2", "anchor": ""}},
    {
        "type": "paragraph",
        "value": p(
            "Le site est hébergé en France chez un hébergeur certifié pour les données de santé (HDS). "
            "Ses coordonnées sont communiquées sur simple demande à l'adresse de contact."
        ),
    },
    {"type": "heading", "value": {"text": "Propriété intellectuelle", "level": "h2", "anchor": ""}},
    {
        "type": "paragraph",
        "value": p(
            "Sauf mention contraire, les contenus du site sont publiés sous licence etalab-2.0. Les "
            "marques Mon espace santé et Assurance Maladie restent la propriété de leurs détenteurs."
        ),
    },
    {"type": "heading", "value": {"text": "Accessibilité", "level": "h2", "anchor": ""}},
    {
        "type": "paragraph",
        "value": p(
            'La conformité du site au RGAA est décrite dans la <a href="/accessibilite/">déclaration '
            "d'accessibilité</a>."
        ),
    },
]

PRIVACY_BODY = [
    {"type": "heading", "value": {"text": "Responsable du traitement", "level": "h2", "anchor": ""}},
    {
        "type": "paragraph",
        "value": p(
            "La Délégation au numérique en santé (DNS) est responsable des traitements de données "
            "personnelles réalisés sur ce site, dans le cadre de sa mission d'intérêt public "
            "(article 6.1.e du RGPD)."
        ),
    },
    {"type": "heading", "value": {"text": "Données collectées et finalités", "level": "h2", "anchor": ""}},
    {
        "type": "table",
        "value": {
            "caption": "Traitements de données personnelles",
            "table": {
                "first_row_is_table_header": True,
                "first_col_is_header": False,
                "data": [
                    ["Traitement", "Données", "Finalité", "Durée de conservation"],
                    [
                        "Inscription à un webinaire",
                        "Nom, prénom, adresse électronique, organisation, communauté, département",
                        "Envoyer l'invitation, les rappels, le lien de connexion et le replay",
                        "Supprimées ou anonymisées 90 jours après la session ; seuls des comptages restent",
                    ],
                    [
                        "Proposition de webinaire",
                        "Organisation, nom et coordonnées du contact",
                        "Étudier la proposition et accompagner l'organisateur",
                        "3 ans après le dernier contact",
                    ],
                    [
                        "Contribution",
                        "Nom ou pseudonyme, adresse électronique, contenu",
                        "Publier la contribution et, avec votre accord, la transmettre à participez.esante.gouv.fr",
                        "Le temps du Tour de France, puis 1 an",
                    ],
                    [
                        "Lettre d'information (optionnelle)",
                        "Adresse électronique",
                        "Vous informer des prochaines sessions, avec votre consentement",
                        "Jusqu'au retrait du consentement",
                    ],
                ],
            },
        },
    },
    {"type": "heading", "value": {"text": "Destinataires", "level": "h2", "anchor": ""}},
    {
        "type": "paragraph",
        "value": p(
            "Les équipes de la DNS et, pour leurs propres webinaires, les organisateurs. Les messages sont "
            "envoyés par un prestataire d'envoi de courriels établi dans l'Union européenne. Aucune donnée "
            "n'est vendue ni utilisée à des fins publicitaires."
        ),
    },
    {"type": "heading", "value": {"text": "Vos droits", "level": "h2", "anchor": ""}},
    {
        "type": "paragraph",
        "value": p(
            "Vous disposez d'un droit d'accès, de rectification, d'effacement, de limitation et "
            "d'opposition. Chaque courriel d'inscription contient un lien personnel pour consulter ou "
            "annuler votre inscription. Pour exercer vos droits, écrivez à "
            '<a href="mailto:monespacesante@esante.gouv.fr">monespacesante@esante.gouv.fr</a>. Vous '
            "pouvez aussi adresser une réclamation à la CNIL (www.cnil.fr)."
        ),
    },
    {"type": "heading", "value": {"text": "Cookies", "level": "h2", "anchor": ""}},
    {
        "type": "paragraph",
        "value": p(
            "Ce site ne dépose aucun cookie de mesure d'audience ni de publicité. Seuls des cookies "
            "techniques nécessaires à son fonctionnement (langue, sécurité des formulaires, session des "
            "équipes) sont utilisés ; ils ne requièrent pas votre consentement."
        ),
    },
]


def _ensure_child(parent, model, slug, **fields):
    """Create the page if it is missing; never overwrite what editors changed."""
    page = model.objects.child_of(parent).filter(slug=slug).first()
    if page is None:
        page = model(slug=slug, **fields)
        parent.add_child(instance=page)
        page.save_revision().publish()
    return page


def _ensure_tree_root():
    """The page tree's root and the default locale (a flushed database has neither)."""
    from django.conf import settings
    from wagtail.models import Locale

    Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
    root = Page.get_first_root_node()
    if root is None:
        root = Page.add_root(instance=Page(title="Root", slug="root"))
    return root


@transaction.atomic
def seed_site():
    """The home page, editorial pages, mandatory pages and settings."""
    root = _ensure_tree_root()
    home = HomePage.objects.first()
    if home is None:
        home = HomePage(
            title="Accueil",
            slug="accueil",
            hero_title="Réussir ensemble Mon espace santé",
            hero_text=(
                "Le Tour de France des webinaires pour présenter Mon espace santé et mobiliser toute "
                "la communauté santé et e-santé : inscrivez-vous, organisez votre session, partagez vos idées."
            ),
            body=json.dumps(HOME_BODY),
        )
        root.add_child(instance=home)
        home.save_revision().publish()

    site = Site.objects.filter(is_default_site=True).first()
    old_root_id = site.root_page_id if site else None
    if site is None:
        site = Site(hostname="localhost", port=80, is_default_site=True)
    site.root_page = home
    site.site_name = "Réussir ensemble Mon espace santé"
    site.save()
    if old_root_id and old_root_id != home.pk:
        old = Page.objects.filter(pk=old_root_id, depth=2).exclude(pk=home.pk).first()
        if old is not None and not isinstance(old.specific, HomePage):
            old.delete()

    _ensure_child(
        home,
        ContentPage,
        "mon-espace-sante",
        title="Mon espace santé",
        show_in_menus=True,
        intro="Le carnet de santé numérique de chaque Français : DMP, messagerie sécurisée, agenda et "
        "catalogue de services.",
        body=json.dumps(MES_BODY),
    )
    _ensure_child(
        home,
        ContentPage,
        "faq",
        title="Questions fréquentes",
        show_in_menus=True,
        intro="Tout savoir sur le Tour de France et sur Mon espace santé.",
        body=json.dumps(
            [
                {
                    "type": "accordions",
                    "value": {
                        "title": "",
                        "items": [{"title": q, "body": p(a)} for q, a in FAQ_ITEMS],
                    },
                }
            ]
        ),
    )
    _ensure_child(home, ContentPage, "mentions-legales", title="Mentions légales", body=json.dumps(LEGAL_BODY))
    _ensure_child(
        home,
        ContentPage,
        "donnees-personnelles",
        title="Données personnelles",
        intro="Quelles données nous collectons, pourquoi, combien de temps nous les gardons et quels sont vos droits.",
        body=json.dumps(PRIVACY_BODY),
    )
    _ensure_child(
        home,
        AccessibilityPage,
        "accessibilite",
        title="Déclaration d'accessibilité",
        entity="La Délégation au numérique en santé",
        status=AccessibilityPage.Status.PARTIAL,
        compliance_rate=None,
        audit_by="",
        declaration_date=datetime.date(2026, 11, 28),
        results=p(
            "Un audit complet est programmé. En attendant, chaque page est vérifiée automatiquement avec "
            "axe-core (WCAG 2.1 niveaux A et AA) à chaque modification du site."
        ),
        non_accessible_content=p(
            "Certaines vidéos du kit peuvent ne pas encore disposer de sous-titres ; une transcription est "
            "alors fournie. Les documents bureautiques du kit ne sont pas tous accessibles."
        ),
        technologies="HTML5\nCSS\nJavaScript\nSystème de design de l'État (DSFR)",
        test_environment=ul(
            "Firefox et NVDA (Windows)", "Safari et VoiceOver (macOS, iOS)", "Chrome et TalkBack (Android)"
        ),
        tools="axe-core\nValidateur HTML du W3C\nColour Contrast Analyser",
        pages_audited=ul("Accueil", "Programme", "Page d'un webinaire", "Inscription", "Contact", "Mentions légales"),
        contact=p(
            "Si vous n'arrivez pas à accéder à un contenu ou à un service, contactez-nous à "
            '<a href="mailto:monespacesante@esante.gouv.fr">monespacesante@esante.gouv.fr</a> pour être '
            "orienté vers une alternative accessible ou obtenir le contenu sous une autre forme."
        ),
        remedies=p(
            "Si vous constatez un défaut d'accessibilité vous empêchant d'accéder à un contenu ou à une "
            "fonctionnalité, que vous nous le signalez et que vous ne parvenez pas à obtenir une réponse "
            "rapide de notre part, vous êtes en droit de faire parvenir vos doléances ou une demande de "
            "saisine au Défenseur des droits :"
        )
        + ul(
            "en écrivant un message au Défenseur des droits (formulaire en ligne) ;",
            "en contactant le délégué du Défenseur des droits dans votre région ;",
            "en envoyant un courrier par la poste (gratuit, ne pas mettre de timbre) : Défenseur des droits, "
            "Libre réponse 71120, 75342 Paris CEDEX 07.",
        ),
    )
    from .models import SitemapPage

    _ensure_child(home, SitemapPage, "plan-du-site", title="Plan du site")

    settings_obj = SiteSettings.for_site(site)
    if settings_obj.linkedin_url:
        return home
    settings_obj.contact_email = "monespacesante@esante.gouv.fr"
    settings_obj.linkedin_url = "https://www.linkedin.com/company/delegation-numerique-en-sante/"
    settings_obj.x_url = "https://x.com/esante_gouv_fr"
    settings_obj.youtube_url = "https://www.youtube.com/@esantegouv"
    settings_obj.save()
    return home
