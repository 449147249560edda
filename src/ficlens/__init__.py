"""ficlens: read fan fiction and prose fiction as data."""
from ficlens.document import Document
from ficlens.pipeline import analyze
from ficlens.reading import InputError

__version__ = "0.1.0"
__all__ = ["Document", "InputError", "analyze", "__version__"]
