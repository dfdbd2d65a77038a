"""The four demo stores, one module each (see ``rivalwatch.demo.server`` for the URL map)."""

from rivalwatch.demo.stores.belanja_cepat import BelanjaCepat
from rivalwatch.demo.stores.kedai_rumah import KedaiRumah
from rivalwatch.demo.stores.pasar_kilat import PasarKilat
from rivalwatch.demo.stores.tokoku import Tokoku

STORES = (Tokoku(), BelanjaCepat(), KedaiRumah(), PasarKilat())

__all__ = ["STORES", "BelanjaCepat", "KedaiRumah", "PasarKilat", "Tokoku"]
