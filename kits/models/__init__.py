from .downloads import DownloadCount
from .pages import IMAGE_FORMATS, KitItem, KitPage, KitSectionPage
from .visuals import VisualTemplate

__all__ = ["IMAGE_FORMATS", "DownloadCount", "KitItem", "KitPage", "KitSectionPage", "VisualTemplate"]
