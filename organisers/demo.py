"""The /organiser/ page with its demo text (from the press kit's call to organise). Idempotent."""

from wagtail.models import Site

from .models import OrganiserPage


def p(*paragraphs):
    return "".join(f"<p>{text}</p>" for text in paragraphs)


def ol(*items):
    return "<ol>" + "".join(f"<li>{item}</li>" for item in items) + "</ol>"


def ul(*items):
    return "<ul>" + "".join(f"<li>{item}</li>" for item in items) + "</ul>"


def seed_organiser_page(home=None):
    """Create /organiser/ under the home page, in the menu; never overwrite what editors changed."""
    if home is None:
        site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
        if site is None:
            return None
        home = site.root_page
    existing = home.get_children().filter(slug="organiser").first()
    if existing is not None:
        return existing.specific
    page = OrganiserPage(
        title="Organiser un webinaire",
        slug="organiser",
        show_in_menus=True,
        intro="ARS, GRADeS, associations de patients, ordres et URPS, établissements, éditeurs et start-up : "
        "organisez votre propre webinaire Mon espace santé pour votre communauté, avec le module clé en main.",
        steps=ol(
            "Proposez votre webinaire avec le formulaire ci-dessous : thème, public, dates envisagées.",
            "Confirmez votre adresse électronique : l'équipe reçoit alors votre proposition.",
            "L'équipe de la DNS étudie votre proposition et vous répond sous une semaine environ.",
            "Une fois validé, votre webinaire paraît au programme ; vous suivez vos inscrits, les exportez et "
            "leur écrivez depuis votre espace organisateur.",
        ),
        kit=p(
            "Le module clé en main vous accompagne : support de présentation, films, tutoriel et kit de "
            "communication (bannières, badges pour les réseaux sociaux, modèle d'invitation, éléments de "
            "langage). Des visuels à l'image de votre webinaire sont proposés dans votre espace."
        ),
        commitments=ul(
            "Présenter Mon espace santé avec les supports officiels, à jour.",
            "Ouvrir l'inscription sur ce site, gratuite, et utiliser les données des inscrits pour ce seul webinaire.",
            "Rendre le webinaire accessible (sous-titres ou transcription si possible).",
            "Partager les questions et idées recueillies avec participez.esante.gouv.fr.",
        ),
        contact=p(
            'Une question ? Écrivez à <a href="mailto:monespacesante@esante.gouv.fr">monespacesante@esante.gouv.fr</a>.'
        ),
    )
    home.add_child(instance=page)
    page.save_revision().publish()
    return page
